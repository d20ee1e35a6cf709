import { IsBoolean, IsInt, IsObject, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { PG_INT_MAX, TC2_STATUS_MAX, VARCHAR_MAX } from './db-limits';
import { IsTc2DateTime } from './tc2-date-time.validator';
import { FromDigits } from './tc2-integer.transform';

/** The TutorCruncher account behind a client: what Hermes calls the Company. */
export class Tc2MetaAgencyDto {
  @FromDigits()
  @IsInt()
  @Min(0)
  @Max(PG_INT_MAX)
  id: number;

  @IsString()
  @MaxLength(VARCHAR_MAX)
  name: string;

  @IsString()
  @MaxLength(TC2_STATUS_MAX)
  status: string;

  @IsTc2DateTime()
  created: string | number;

  @IsString()
  @MaxLength(VARCHAR_MAX)
  price_plan: string;

  @IsOptional()
  @IsBoolean()
  narc: boolean | null;

  @FromDigits()
  @IsInt()
  @Min(0)
  @Max(PG_INT_MAX)
  paid_invoice_count: number;

  @IsOptional()
  @IsString()
  @MaxLength(VARCHAR_MAX)
  website: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(VARCHAR_MAX)
  country: string | null;

  @IsOptional()
  @IsObject()
  signup_questionnaire?: Record<string, unknown> | null;

  @IsOptional()
  @IsTc2DateTime()
  pay0_dt?: string | null;

  @IsOptional()
  @IsTc2DateTime()
  pay1_dt?: string | null;

  @IsOptional()
  @IsTc2DateTime()
  pay3_dt?: string | null;

  @IsOptional()
  @IsTc2DateTime()
  card_saved_dt?: string | null;

  @IsOptional()
  @IsTc2DateTime()
  email_confirmed_dt?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(VARCHAR_MAX)
  gclid?: string | null;

  @IsOptional()
  @IsTc2DateTime()
  gclid_expiry_dt?: string | null;
}
