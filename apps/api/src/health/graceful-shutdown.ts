import type { Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { INestApplicationContext, Logger } from '@nestjs/common';
import { HermesConfig } from '../config/hermes-config';
import { JobQueueService } from '../jobs/job-queue.service';
import { ReadinessService } from './readiness.service';

/**
 * How a Hermes process ends on SIGTERM (a deploy, `docker stop`) or SIGINT (Ctrl-C), within
 * SHUTDOWN_TIMEOUT_SECONDS:
 *
 * 1. readiness (GET /health/ready) answers 503 at once; for SHUTDOWN_DELAY_SECONDS the API still takes
 *    requests, so a load balancer polling readiness stops sending them first;
 * 2. the HTTP server takes no new connections and finishes the requests under way, while the workers
 *    take no more jobs and finish theirs;
 * 3. the job queue, the database connections and error reporting close, and the process exits 0.
 *
 * Past the bound it exits 1 with whatever still runs: a job cut off is handed back (its liveness lock
 * dies with the process) and another worker runs it again within seconds. Further signals meanwhile
 * change nothing (npm forwards the terminal's Ctrl-C a second time).
 */
export function shutDownOnSignals(app: INestApplicationContext, config: HermesConfig, server?: Server): void {
  let shuttingDown = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (shuttingDown) return;
    shuttingDown = true;
    const logger = new Logger('Shutdown');
    const { timeoutSeconds } = config.shutdown;
    setTimeout(() => {
      logger.error(`Still shutting down ${timeoutSeconds} s after ${signal} (SHUTDOWN_TIMEOUT_SECONDS): exiting; jobs cut off run again`);
      process.exit(1);
    }, timeoutSeconds * 1000).unref();
    shutDown(app, config, server, logger, signal).then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error(`Shutdown failed: ${error instanceof Error ? error.stack : String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

async function shutDown(app: INestApplicationContext, config: HermesConfig, server: Server | undefined, logger: Logger, signal: NodeJS.Signals): Promise<void> {
  const deadline = Date.now() + config.shutdown.timeoutSeconds * 1000;
  logger.log(`${signal}: shutting down (at most ${config.shutdown.timeoutSeconds} s)`);
  app.get(ReadinessService).draining();
  if (server && config.shutdown.delaySeconds) await sleep(config.shutdown.delaySeconds * 1000);
  const [, jobsDone] = await Promise.all([server && closeServer(server), app.get(JobQueueService).stopWorkers(deadline - Date.now())]);
  if (!jobsDone) logger.warn('Jobs still running when time ran out: they run again in another worker');
  await app.close();
  logger.log('Shut down');
}

/**
 * Stops taking connections and resolves once those open have ended: each as soon as it is idle, i.e.
 * its request under way answered (server.close() itself ends only the connections idle when called).
 */
async function closeServer(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  const sweep = setInterval(() => server.closeIdleConnections(), 100);
  try {
    await closed;
  } finally {
    clearInterval(sweep);
  }
}
