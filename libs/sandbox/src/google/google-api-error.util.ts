const STATUS_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ALREADY_EXISTS',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
};

/** A Google API error body (`{error: {code, message, errors: [{reason}], status}}`), as the Calendar API sends. */
export function googleApiError(code: number, reason: string, message: string): Record<string, unknown> {
  return {
    error: {
      code,
      message,
      errors: [{ message, domain: 'global', reason }],
      status: STATUS_NAMES[code] ?? 'UNKNOWN',
    },
  };
}
