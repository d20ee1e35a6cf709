import 'reflect-metadata';
import { createApp } from '../../app.factory';
import { loadConfig } from '../../config/hermes-config';
import { JobQueueService } from '../../jobs/job-queue.service';

/** A kind of job that always fails, with no retries: its one attempt fails it for good. */
export const FAILING_JOB = 'test.fails-for-good';

/**
 * For error-reporting.spec.ts: Hermes' API and workers as `start:api` runs them, configured from the
 * environment, plus FAILING_JOB, which first calls PROBE_URL (as a job calls Pipedrive) and then fails
 * with an error naming its payload's `email` and the TC2 API key. A process of its own, as Sentry's
 * SDK hooks into the process it reports from (and would into Jest's).
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  const jobs = app.get(JobQueueService);
  jobs.configure({ pollingIntervalSeconds: 0.2 });
  jobs.define<{ companyId: number; email: string }>({
    name: FAILING_JOB,
    retryLimit: 0,
    retryDelaySeconds: 1,
    expireInSeconds: 60,
    handle: async ({ email }) => {
      await fetch(process.env.PROBE_URL!);
      throw new Error(`Pipedrive refused the person ${email} (x-api-token ${config.tc2.apiKey})`);
    },
  });
  await app.listen(config.port, config.host);
  console.log(`listening on ${await app.getUrl()}`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
