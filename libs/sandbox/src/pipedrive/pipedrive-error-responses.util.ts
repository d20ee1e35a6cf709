import { Response } from 'express';
import { PipedriveFailure } from './pipedrive-sim.types';

/** Pipedrive's JSON error body. */
export function errorBody(error: string, errorCode?: number): Record<string, unknown> {
  return {
    success: false,
    error,
    ...(errorCode ? { errorCode } : {}),
    error_info: 'Please check developers.pipedrive.com for more information about Pipedrive API.',
    data: null,
    additional_data: null,
  };
}

// Roughly what Cloudflare serves in front of Pipedrive once a token keeps going over its limit.
const CLOUDFLARE_PAGE = `<!DOCTYPE html>
<html lang="en-US"><head><title>Attention Required! | Cloudflare</title></head>
<body><h1>Sorry, you have been blocked</h1><p>You are unable to access api.pipedrive.com</p>
<p>Cloudflare Ray ID: 8f0c0ffee0000000</p></body></html>`;

/** Answers with an injected failure instead of the real response. */
export function sendFailure(res: Response, failure: Exclude<PipedriveFailure, { kind: 'latency' }>, rateLimit: number): void {
  switch (failure.kind) {
    case 'rate-limit':
      res
        .status(429)
        .set({
          'x-ratelimit-limit': String(rateLimit),
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': String(failure.resetSeconds ?? 2),
        })
        .json(errorBody('Request over limit', 429));
      return;
    case 'server-error':
      res.status(failure.status ?? 500).json(errorBody('Internal server error'));
      return;
    case 'empty-body':
      res.status(200).type('application/json').end();
      return;
    case 'cloudflare':
      res.status(403).type('text/html').send(CLOUDFLARE_PAGE);
      return;
    case 'status':
      res.status(failure.status).json(errorBody(failure.error ?? `Injected ${failure.status}`, failure.status));
      return;
  }
}
