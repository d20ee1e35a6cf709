import { IsInt, Max, Min } from 'class-validator';
import { PG_INT_MAX } from './db-limits';
import { FromDigits } from './tc2-integer.transform';

/** A TC2 admin on a client; Hermes only needs the id, which it maps to an Admin by `tc2_admin_id`. */
export class Tc2AdminRefDto {
  @FromDigits()
  @IsInt()
  @Min(0)
  @Max(PG_INT_MAX)
  id: number;
}
