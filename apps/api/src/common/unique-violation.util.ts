import { QueryFailedError } from 'typeorm';

/** Postgres refused a row because another transaction inserted the same unique key first. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505';
}
