import { QueryFailedError } from 'typeorm';

// Postgres error classes (SQLSTATE): 08 connection exception, 57P admin/crash shutdown or starting up,
// 53 insufficient resources, 3D000 the database is gone; 55000 is "not currently accepting connections".
const UNAVAILABLE_CODE = /^(08|57P|53|3D000$|55000$)/;
const UNAVAILABLE_MESSAGE = /Connection terminated|timeout exceeded when trying to connect|ECONNREFUSED|ECONNRESET|Client has encountered a connection error/i;

/** The database could not be reached or went away mid-request: nothing the caller sent is wrong. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const driverError: unknown = error instanceof QueryFailedError ? error.driverError : error;
  if (!(driverError instanceof Error)) return false;
  const code = (driverError as { code?: unknown }).code;
  return (typeof code === 'string' && UNAVAILABLE_CODE.test(code)) || UNAVAILABLE_MESSAGE.test(driverError.message);
}

/** Postgres refused a value (class 22: out of range, too long, not text it can store, a bad date...). */
export function isDataException(error: unknown): boolean {
  return error instanceof QueryFailedError && /^22/.test(String((error.driverError as { code?: unknown }).code));
}

/**
 * What a caller is told when Postgres refused a value: Postgres' own words describe the database,
 * not the request, so they stay in the log (`dataExceptionDetail`).
 */
export const DATA_EXCEPTION_MESSAGE = 'A value is out of range or not valid for its field';

/** Postgres' SQLSTATE and reason, for the log. */
export function dataExceptionDetail(error: unknown): string {
  const code = error instanceof QueryFailedError ? String((error.driverError as { code?: unknown }).code) : 'unknown';
  return `${code} ${(error as Error).message}`;
}
