import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsInt, IsOptional, IsString, Max, MaxLength, Min, Validate, ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';
import { IANAZone } from 'luxon';
import { Admin, ADMIN_ROLE_FLAGS, AdminRoleFlag } from '@hermes/database';
import type { AdminFields } from '../../core/admins/admins.service';
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

class AdminFieldsDto {
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
}

// The twelve role flags, each an optional boolean (its column is NOT NULL), declared from the one list.
for (const flag of ADMIN_ROLE_FLAGS) {
  ApiPropertyOptional({ type: Boolean })(AdminFieldsDto.prototype, flag);
  IsOmittable()(AdminFieldsDto.prototype, flag);
  IsBoolean()(AdminFieldsDto.prototype, flag);
}

export class CreateAdminDto extends (AdminFieldsDto as new () => AdminFieldsDto & Partial<Record<AdminRoleFlag, boolean>>) {}

export class UpdateAdminDto extends PartialType(CreateAdminDto, { skipNullProperties: false }) {}

/** An Admin as the API shows it: `username` is called `email`; the unused password never leaves. */
export type AdminView = Omit<Admin, 'username' | 'password'> & { email: string };

export function adminView({ username, password: _password, ...rest }: Admin): AdminView {
  return { ...rest, email: username };
}

/** DTO fields → Admin columns. */
export function adminColumns({ email, ...rest }: UpdateAdminDto): AdminFields {
  return { ...rest, ...(email === undefined ? {} : { username: email }) } as AdminFields;
}
