import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsInt, IsOptional, IsString, Max, MaxLength, Min, Validate, ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';
import { IANAZone } from 'luxon';
import { Admin } from '@hermes/database';
import { INT4_MAX } from '../simple-rest.util';
import { EmptyToNull, IsOmittable } from './nullable.transform';

@ValidatorConstraint({ name: 'isTimezone' })
class IsIanaTimezone implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && IANAZone.isValidZone(value);
  }

  defaultMessage(): string {
    return 'must be an IANA time zone, e.g. Europe/London';
  }
}

const trimmedLowerCase = () => Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value));
const nullToEmpty = () => Transform(({ value }) => value ?? '');

export class CreateAdminDto {
  @ApiProperty({ example: 'jane@tutorcruncher.com', description: 'Their real Google email: what they sign in with' })
  @trimmedLowerCase()
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(255)
  email: string;

  @ApiPropertyOptional() @nullToEmpty() @IsOptional() @IsString() @MaxLength(255) first_name?: string;
  @ApiPropertyOptional() @nullToEmpty() @IsOptional() @IsString() @MaxLength(255) last_name?: string;

  @ApiPropertyOptional({ example: 'Europe/London' })
  @IsOmittable()
  @Validate(IsIanaTimezone)
  timezone?: string;

  @ApiPropertyOptional({ nullable: true }) @EmptyToNull() @IsOptional() @IsInt() @Min(1) @Max(INT4_MAX) tc2_admin_id?: number | null;
  @ApiPropertyOptional({ nullable: true }) @EmptyToNull() @IsOptional() @IsInt() @Min(1) @Max(INT4_MAX) pd_owner_id?: number | null;

  @ApiPropertyOptional() @IsOmittable() @IsBoolean() is_sales_person?: boolean;
  @ApiPropertyOptional() @IsOmittable() @IsBoolean() is_support_person?: boolean;
  @ApiPropertyOptional() @IsOmittable() @IsBoolean() is_bdr_person?: boolean;
  @ApiPropertyOptional() @IsOmittable() @IsBoolean() sells_payg?: boolean;
  @ApiPropertyOptional() @IsOmittable() @IsBoolean() sells_startup?: boolean;
  @ApiPropertyOptional() @IsOmittable() @IsBoolean() sells_enterprise?: boolean;
  @ApiPropertyOptional() @IsOmittable() @IsBoolean() sells_us?: boolean;
  @ApiPropertyOptional() @IsOmittable() @IsBoolean() sells_gb?: boolean;
  @ApiPropertyOptional() @IsOmittable() @IsBoolean() sells_au?: boolean;
  @ApiPropertyOptional() @IsOmittable() @IsBoolean() sells_ca?: boolean;
  @ApiPropertyOptional() @IsOmittable() @IsBoolean() sells_eu?: boolean;
  @ApiPropertyOptional() @IsOmittable() @IsBoolean() sells_row?: boolean;
}

export class UpdateAdminDto extends PartialType(CreateAdminDto, { skipNullProperties: false }) {}

/** An Admin as the API shows it: `username` is called `email`; the unused password never leaves. */
export type AdminView = Omit<Admin, 'username' | 'password'> & { email: string };

export function adminView({ username, password: _password, ...rest }: Admin): AdminView {
  return { ...rest, email: username };
}

/** DTO fields → Admin columns. */
export function adminColumns({ email, ...rest }: UpdateAdminDto): Partial<Admin> {
  return { ...rest, ...(email === undefined ? {} : { username: email }) } as Partial<Admin>;
}
