import { STATUS_CODES } from 'node:http';
import { HermesError, HermesErrorCode } from '../core/hermes-error';

/** The HTTP status of each refusal; every edge answers with it, in its own shape. */
const STATUS: Record<HermesErrorCode, number> = {
  'invalid-field': 422,
  'unknown-admin': 422,
  'already-taken': 422,
  'missing-sales-person': 400,
  'contact-without-email': 400,
  'meeting-clash': 400,
  'admin-busy': 400,
  'admin-not-found': 404,
  'company-not-found': 404,
  'tc2-client-not-found': 404,
  'record-not-found': 404,
  'no-candidate': 404,
  'delete-refused': 409,
  'wrong-state': 409,
  'invalid-signature': 403,
  'link-expired': 403,
  'calendar-unavailable': 502,
};

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  /** Field → problems, when the refusal is about the caller's input. */
  fields?: Record<string, string[]>;
}

/** A refusal as Hermes' JSON error answers read: Nest's `{statusCode, error, message}`, plus the field at fault. */
export function hermesErrorAnswer(error: HermesError): { status: number; body: ErrorBody } {
  const status = STATUS[error.code];
  const body: ErrorBody = { statusCode: status, error: STATUS_CODES[status] ?? 'Error', message: error.message };
  if (error.field) body.fields = { [error.field]: [error.problem ?? error.message] };
  return { status, body };
}
