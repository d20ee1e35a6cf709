/** One JSON request's outcome: the response and its body text, or why no response came. */
export type JsonExchange = { response: Response; text: string } | { failure: string };

/**
 * Sends one JSON request with a timeout (covering the body too) and reads the reply as text.
 * Timeouts and network errors come back as a `failure` to retry, not as exceptions.
 */
export async function exchangeJson(
  url: URL | string,
  request: { method: string; headers: Record<string, string>; body: unknown; timeoutMs: number },
): Promise<JsonExchange> {
  const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  try {
    const response = await fetch(url, {
      method: request.method,
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: AbortSignal.timeout(request.timeoutMs),
    });
    return { response, text: await response.text() };
  } catch (error) {
    if ((error as Error).name === 'TimeoutError') return { failure: `timed out after ${request.timeoutMs} ms` };
    // fetch's own message is only "fetch failed": the reason (refused, unknown host...) is its cause.
    const cause = (error as { cause?: { message?: unknown } }).cause?.message;
    return { failure: `network error: ${(error as Error).message}${typeof cause === 'string' ? ` (${cause})` : ''}` };
  }
}
