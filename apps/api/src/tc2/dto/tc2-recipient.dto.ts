import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { PG_INT_MAX, VARCHAR_MAX } from './db-limits';
import { FromDigits } from './tc2-integer.transform';

/** A paid recipient ("SR"): becomes a Contact. */
export class Tc2RecipientDto {
  @FromDigits()
  @IsInt()
  @Min(0)
  @Max(PG_INT_MAX)
  id: number;

  @IsOptional()
  @IsString()
  @MaxLength(VARCHAR_MAX)
  first_name: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(VARCHAR_MAX)
  last_name: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(VARCHAR_MAX)
  email: string | null;
}
