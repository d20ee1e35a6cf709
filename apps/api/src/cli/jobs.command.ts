import { Command } from 'commander';
import { JobRecordsService } from '../jobs/job-records.service';
import { CliContext } from './cli-context';

/** `jobs retry`: puts failed jobs (syncs to Pipedrive and TC2 that used up their attempts) back in their queues. */
export function jobsCommand(context: CliContext): Command {
  const jobs = new Command('jobs').description('The durable job queue of syncs to Pipedrive and TC2');
  jobs
    .command('retry')
    .description('Requeue failed jobs: those named by id, or every one with --failed')
    .argument('[ids...]', 'ids of failed jobs')
    .option('--failed', 'requeue every failed job', false)
    .action(async (ids: string[], options: { failed: boolean }) => {
      if (!options.failed && !ids.length) throw new Error('Name the failed jobs to requeue, or pass --failed to requeue them all');
      await context.run(async (app) => {
        const count = await app.get(JobRecordsService).retryFailed(options.failed ? undefined : ids);
        context.print(`Requeued ${count} failed job${count === 1 ? '' : 's'}.`);
      });
    });
  return jobs;
}
