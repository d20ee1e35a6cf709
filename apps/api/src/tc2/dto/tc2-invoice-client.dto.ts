import { IsInt, Max, Min } from 'class-validator';
import { PG_INT_MAX } from './db-limits';

/** The client an invoice belongs to; Hermes fetches the full client from TC2 by this id. */
export class Tc2InvoiceClientDto {
  @IsInt()
  // TC2 ids start at 1; 0 cannot be fetched.
  @Min(1)
  @Max(PG_INT_MAX)
  id: number;
}
