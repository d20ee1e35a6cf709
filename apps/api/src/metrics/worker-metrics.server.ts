import { createServer, Server } from 'node:http';
import { Logger } from '@nestjs/common';
import { bearerTokenMatches } from './bearer-token.util';
import { MetricsService } from './metrics.service';
import { METRICS_CHALLENGE } from './metrics-token.guard';

/**
 * A worker (HERMES_ROLE=worker) has no API, yet its jobs' and Pipedrive requests' counters are its own:
 * with METRICS_TOKEN set it serves GET /metrics alone on PORT, behind the same bearer token.
 */
export async function serveWorkerMetrics(metrics: MetricsService, token: string, port: number, host: string): Promise<Server> {
  const logger = new Logger('WorkerMetrics');
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url?.split('?', 1)[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ statusCode: 404, message: 'Not Found' }));
      return;
    }
    if (!bearerTokenMatches(req.headers.authorization, token)) {
      res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': METRICS_CHALLENGE });
      res.end(JSON.stringify({ statusCode: 401, message: 'Metrics need Authorization: Bearer <METRICS_TOKEN>' }));
      return;
    }
    metrics.scrape().then(
      ({ contentType, body }) => res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' }).end(body),
      (error: unknown) => {
        logger.error(`Metrics: ${(error as Error).message}`);
        res.writeHead(500).end();
      },
    );
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, () => resolve()));
  return server;
}
