/** Every failure the Google Calendar client reports: the operation, whose calendar, and Google's status. */
export class GoogleCalendarError extends Error {
  override name = 'GoogleCalendarError';

  constructor(
    message: string,
    readonly operation: string,
    readonly adminEmail: string,
    readonly status?: number,
  ) {
    super(`Google Calendar ${operation} for ${adminEmail}${status ? ` → ${status}` : ''}: ${message}`);
  }
}

/**
 * Google would not let the service account act as the admin: the token endpoint refused (key,
 * delegation or scopes not granted, unknown user) or the API rejected the token (401).
 */
export class GoogleCalendarAuthError extends GoogleCalendarError {
  override name = 'GoogleCalendarAuthError';
}

/** Any other failure: Google's error (with its `reason`, e.g. `notFound`, `rateLimitExceeded`) or no answer at all. */
export class GoogleCalendarRequestError extends GoogleCalendarError {
  override name = 'GoogleCalendarRequestError';

  constructor(
    message: string,
    operation: string,
    adminEmail: string,
    status?: number,
    readonly reason?: string,
  ) {
    super(message, operation, adminEmail, status);
  }
}
