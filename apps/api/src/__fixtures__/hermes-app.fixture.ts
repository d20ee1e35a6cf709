import { NestExpressApplication } from '@nestjs/platform-express';
import { PipedriveSimulator, Tc2Simulator } from '@hermes/sandbox';
import { createTestDatabase, TestDatabase } from '@hermes/testing';
import { DataSource } from 'typeorm';
import { createApp } from '../app.factory';
import { loadConfig } from '../config/hermes-config';
import { ReadinessService } from '../health/readiness.service';
import { JobQueueService } from '../jobs/job-queue.service';

export interface HermesTestApp {
  app: NestExpressApplication;
  database: TestDatabase;
  dataSource: DataSource;
  /** Where it listens, e.g. `http://127.0.0.1:40123`. */
  url: string;
  /** Closes the app, then drops its database. */
  stop(): Promise<void>;
}

/**
 * Hermes as `npm run start:api` builds it, on a database of its own, listening on a free port of
 * 127.0.0.1, logs silent. `env` adds settings (see `simulatorEnv`); with HERMES_ROLE=all its workers
 * poll every half second, so tests see jobs done soon.
 */
export async function startHermesApp(env: Record<string, string> = {}): Promise<HermesTestApp> {
  const database = await createTestDatabase();
  // A job still running when a test closes the app is handed back after 10 s, not production's 25:
  // its database is dropped next, and Jest gives a hook 30 s in all.
  const app = await createApp(loadConfig({ LOG_LEVEL: 'silent', SHUTDOWN_TIMEOUT_SECONDS: '10', ...env, DATABASE_URL: database.url }));
  app.get(JobQueueService).configure({ pollingIntervalSeconds: 0.5 });
  await app.listen(0, '127.0.0.1');
  app.get(ReadinessService).serving();
  return {
    app,
    database,
    dataSource: app.get(DataSource),
    url: await app.getUrl(),
    stop: async () => {
      await app.close();
      await database.drop();
    },
  };
}

/** The settings that point Hermes at these (started) simulators. */
export function simulatorEnv({ tc2, pd }: { tc2?: Tc2Simulator; pd?: PipedriveSimulator }): Record<string, string> {
  return {
    ...(tc2 && { TC2_API_KEY: tc2.apiKey, TC2_BASE_URL: tc2.url }),
    ...(pd && { PD_API_KEY: pd.apiToken, PD_BASE_URL: pd.url }),
  };
}
