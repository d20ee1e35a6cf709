/** Every failure the Pipedrive client reports: which request it was (never the token) and its status. */
export class PipedriveError extends Error {
  override name = 'PipedriveError';

  constructor(
    message: string,
    readonly method: string,
    readonly path: string,
    readonly status?: number,
  ) {
    super(`Pipedrive ${method} ${path}${status ? ` → ${status}` : ''}: ${message}`);
  }
}

/** 404/410: the object no longer exists in Pipedrive, so the caller can unlink it and create it again. */
export class PipedriveGoneError extends PipedriveError {
  override name = 'PipedriveGoneError';
}

/** 401, or a 403 that is not Cloudflare's rate-limit page: the API token is wrong or lacks permission. */
export class PipedriveAuthError extends PipedriveError {
  override name = 'PipedriveAuthError';
}

/** `x-daily-requests-left: 0`: the account's daily budget is spent; retrying before tomorrow (UTC) is pointless. */
export class PipedriveDailyBudgetError extends PipedriveError {
  override name = 'PipedriveDailyBudgetError';
}

/** Any other 4xx: Pipedrive refused the request; `pipedriveMessage` says why. */
export class PipedriveRequestError extends PipedriveError {
  override name = 'PipedriveRequestError';

  constructor(
    readonly pipedriveMessage: string,
    method: string,
    path: string,
    status: number,
  ) {
    super(pipedriveMessage, method, path, status);
  }
}

/** Rate limits, 5xx, timeouts or empty bodies on every attempt; `lastProblem` describes the final one. */
export class PipedriveRetriesExhaustedError extends PipedriveError {
  override name = 'PipedriveRetriesExhaustedError';

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
