/**
 * What Hermes' services refuse, as domain facts: each caller's edge maps the code to its own answer
 * (the website's `{status: 'error', message}`, react-admin's field errors, a webhook's 422 naming the
 * field, the CLI's message). A service never knows it is behind HTTP.
 */
export const HERMES_ERROR_CODES = [
  /** A value the caller gave breaks a rule; `field` names it. */
  'invalid-field',
  /** A TC2 admin id that no Admin has. */
  'unknown-admin',
  /** A TC2 client without a sales person cannot become a company. */
  'missing-sales-person',
  'admin-not-found',
  'company-not-found',
  'tc2-client-not-found',
  /** Any other record asked for by id. */
  'record-not-found',
  /** Nobody has the role the round robin looks for. */
  'no-candidate',
  /** An email, TC2 admin id or machine name another record already has; `field` names it. */
  'already-taken',
  /** The record cannot be deleted as things stand (it still has companies, it is yourself...). */
  'delete-refused',
  /** The record is not in a state that allows this (e.g. retrying a job that has not failed). */
  'wrong-state',
  'contact-without-email',
  'meeting-clash',
  'admin-busy',
  /** Google Calendar failed: nothing was booked. */
  'calendar-unavailable',
  'invalid-signature',
  'link-expired',
] as const;

export type HermesErrorCode = (typeof HERMES_ERROR_CODES)[number];

export class HermesError extends Error {
  override name = 'HermesError';

  constructor(
    readonly code: HermesErrorCode,
    message: string,
    /** The input field at fault, as the caller named it (`events.0.subject.sales_person.id`). */
    readonly field?: string,
    /** What is wrong with `field`, without its name; the message says both. */
    readonly problem?: string,
  ) {
    super(message);
  }

  /** A problem with one field of the caller's input: the message is `field: problem`. */
  static field(field: string, problem: string, code: HermesErrorCode = 'invalid-field'): HermesError {
    return new HermesError(code, `${field}: ${problem}`, field, problem);
  }
}
