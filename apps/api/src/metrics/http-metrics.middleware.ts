import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { MetricsService, WebhookOutcome } from './metrics.service';

/** Requests no route handled: the SPA's files, unknown paths, bodies refused before routing, CORS preflights. */
export const UNROUTED = '(unrouted)';

// Nest mounts app-wide middleware (the request logger's) as a route of this pattern: a request that
// leaves with it matched no route of Hermes.
const NEST_MIDDLEWARE_ROUTE = '/{*path}';

/** Which webhook source each path prefix receives, e.g. `{ '/tc2/callback': 'tc2' }`. */
export type WebhookSources = Record<string, 'tc2' | 'pipedrive'>;

/**
 * Counts and times every answered request by its route pattern (as the router matched it, so ids never
 * become labels) and status, and counts the webhook deliveries among them by source and outcome.
 * Installed first, so its timing covers the whole request.
 */
export function httpMetrics(metrics: MetricsService, webhookSources: WebhookSources): RequestHandler {
  const sources = Object.entries(webhookSources);
  return (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = (req.route as { path?: unknown } | undefined)?.path;
      metrics.httpRequestAnswered(req.method, typeof route === 'string' && route !== NEST_MIDDLEWARE_ROUTE ? route : UNROUTED, res.statusCode, seconds);
      const path = req.originalUrl.split('?', 1)[0];
      const source = sources.find(([prefix]) => path === prefix || path.startsWith(`${prefix}/`))?.[1];
      if (source) metrics.webhookReceived(source, webhookOutcome(res.statusCode));
    });
    next();
  };
}

function webhookOutcome(status: number): WebhookOutcome {
  if (status < 400) return 'accepted';
  if (status === 401 || status === 403) return 'refused';
  return status < 500 ? 'invalid' : 'failed';
}
