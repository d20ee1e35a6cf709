/** Every failure the TC2 client reports: which request it was (never the key) and its status. */
export class Tc2Error extends Error {
  override name = 'Tc2Error';

  constructor(
    message: string,
    readonly method: string,
    readonly path: string,
    readonly status?: number,
  ) {
    super(`TC2 ${method} ${path}${status ? ` → ${status}` : ''}: ${message}`);
  }
}

/** 404: TC2 has no such client. */
export class Tc2NotFoundError extends Tc2Error {
  override name = 'Tc2NotFoundError';
}

/** 401/403: the API key is wrong or lacks permission. */
export class Tc2AuthError extends Tc2Error {
  override name = 'Tc2AuthError';
}

/** Any other 4xx, or a success TC2 sent without a readable body; `details` is TC2's answer (often field errors). */
export class Tc2RequestError extends Tc2Error {
  override name = 'Tc2RequestError';

  constructor(
    readonly details: string,
    method: string,
    path: string,
    status?: number,
  ) {
    super(details, method, path, status);
  }
}

/** 429, 5xx, timeouts or network errors on every attempt; `lastProblem` describes the final one. */
export class Tc2RetriesExhaustedError extends Tc2Error {
  override name = 'Tc2RetriesExhaustedError';

  constructor(
    readonly attempts: number,
    readonly lastProblem: string,
    method: string,
    path: string,
    status?: number,
  ) {
    super(`gave up after ${attempts} attempts; last: ${lastProblem}`, method, path, status);
  }
}
