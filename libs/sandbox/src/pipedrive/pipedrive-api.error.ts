/** What the simulated API answers instead of data: an HTTP status and Pipedrive's error message. */
export class PipedriveApiError extends Error {
  override name = 'PipedriveApiError';

  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
