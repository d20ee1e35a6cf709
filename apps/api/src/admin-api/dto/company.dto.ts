import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { PRICE_PLANS, type PricePlan } from '@hermes/database';
import { INT4_MAX } from '../simple-rest.util';
import { EmptyToNull, IsOmittable } from './nullable.transform';

const trimmed = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

/** What sales ops may correct on a company; the rest comes from TC2 and Pipedrive. Each field may be left out. */
export class UpdateCompanyDto {
  @ApiPropertyOptional() @trimmed() @IsOmittable() @IsString() @MaxLength(255) name?: string;

  @ApiPropertyOptional({ nullable: true }) @trimmed() @EmptyToNull() @IsOptional() @IsString() @MaxLength(255) website?: string | null;

  @ApiPropertyOptional({ enum: PRICE_PLANS })
  @IsOmittable()
  @IsIn(PRICE_PLANS, { message: `price_plan must be one of ${PRICE_PLANS.join(', ')}` })
  price_plan?: PricePlan;

  @ApiPropertyOptional({ description: 'Not a real customer: removed from Pipedrive, open deals lost' }) @IsOmittable() @IsBoolean() narc?: boolean;

  @ApiPropertyOptional({ description: "An Admin's id" }) @IsOmittable() @IsInt() @Min(1) @Max(INT4_MAX) sales_person_id?: number;

  @ApiPropertyOptional({ nullable: true, description: "An Admin's id" })
  @EmptyToNull()
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(INT4_MAX)
  support_person_id?: number | null;

  @ApiPropertyOptional({ nullable: true, description: "An Admin's id" })
  @EmptyToNull()
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(INT4_MAX)
  bdr_person_id?: number | null;
}
