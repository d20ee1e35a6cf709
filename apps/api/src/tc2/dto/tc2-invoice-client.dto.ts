import { IsInt, Max, Min } from 'class-validator';
import { PG_INT_MAX } from './db-limits';
import { FromDigits } from './tc2-integer.transform';

/** The client an invoice belongs to; Hermes fetches the full client from TC2 by this id. */
export class Tc2InvoiceClientDto {
  @FromDigits()
  @IsInt()
  // TC2 ids start at 1; 0 cannot be fetched.
  @Min(1)
  @Max(PG_INT_MAX)
  id: number;
}
