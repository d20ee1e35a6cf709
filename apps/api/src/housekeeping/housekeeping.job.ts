import { JobHandler, JobKind } from '../jobs/job-kind.decorator';
import { HousekeepingService } from './housekeeping.service';

export const HOUSEKEEPING_JOB = 'hermes.housekeeping';

/** Daily at 03:17 UTC: a quiet hour for UK, US and Australian customers alike, off the hour's peak. */
export const HOUSEKEEPING_CRON = '17 3 * * *';

/** The daily housekeeping run; a failed one tries twice more, and tomorrow's catches up anyway. */
@JobKind({ name: HOUSEKEEPING_JOB, cron: HOUSEKEEPING_CRON, retryLimit: 2, retryDelaySeconds: 60 })
export class HousekeepingJob implements JobHandler<object> {
  constructor(private readonly housekeeping: HousekeepingService) {}

  async handle(): Promise<void> {
    await this.housekeeping.run();
  }
}
