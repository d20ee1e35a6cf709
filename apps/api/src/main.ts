import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { createApp } from './app.factory';
import { AppModule } from './app.module';
import { ConfigError, loadConfig } from './config/hermes-config';
import { shutDownOnSignals } from './health/graceful-shutdown';
import { ReadinessService } from './health/readiness.service';
import { MetricsService } from './metrics/metrics.service';
import { serveWorkerMetrics } from './metrics/worker-metrics.server';

/**
 * `npm run start:api`: the production entry. Everything comes from the environment; no embedded
 * database, no sandbox, no automatic migrations (run `npm run migration:run` first).
 * HERMES_ROLE=worker runs only the job workers, with no API (only /metrics, when METRICS_TOKEN is
 * set). SIGTERM ends either gracefully (health/graceful-shutdown.ts).
 */
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.databaseUrl) throw new ConfigError('DATABASE_URL is required for start:api (npm start uses an embedded database)');
  if (config.role === 'worker') {
    const worker = await NestFactory.createApplicationContext(AppModule.forRoot(config), { bufferLogs: true });
    worker.useLogger(worker.get(Logger));
    if (config.metricsToken) await serveWorkerMetrics(worker.get(MetricsService), config.metricsToken, config.port, config.host);
    shutDownOnSignals(worker, config);
    return;
  }
  const app = await createApp(config);
  await app.listen(config.port, config.host);
  app.get(ReadinessService).serving();
  shutDownOnSignals(app, config, app.getHttpServer());
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
