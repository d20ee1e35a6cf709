import { PIPEDRIVE_COMPANY_SYNC_JOB, PipedriveCompanySync } from '../core/sync/outbound-sync.service';
import { JobHandler, JobKind } from '../jobs/job-kind.decorator';
import { PipedriveSyncService } from './pipedrive-sync.service';

/**
 * Pushes one Company to Pipedrive. Jobs for one company coalesce (a burst of changes is one run
 * reading the latest state: the run waits until the company's changes have settled, PD_SYNC_SETTLE_MS,
 * at most PD_SYNC_SETTLE_MAX_SECONDS) and never run at once; different companies run in parallel.
 *
 * Retries: the client already rides out rate limits, 5xx, timeouts and empty bodies within one
 * attempt, so job retries are for longer outages: 8 more attempts, from 5 s doubling with jitter
 * (about 40 minutes in all). After the last, the job stays failed with its error and payload until
 * `npm run hermes -- jobs retry --failed`; the company then shows the failure in the SPA and in
 * its organization's `Hermes sync status` field.
 *
 * A spent daily budget (PipedriveDailyBudgetError) fails the attempt like any error: pg-boss 10
 * cannot fail a job without using up its retries. Each of those attempts costs one refused
 * request; once they are used up the job waits, failed, to be retried after the budget resets.
 */
@JobKind<PipedriveCompanySync>({
  name: PIPEDRIVE_COMPANY_SYNC_JOB,
  coalesceBy: ({ companyId }) => String(companyId),
  exclusiveBy: ({ companyId }) => String(companyId),
  settle: (config) => config.pipedrive.syncSettle,
  retryLimit: 8,
  retryDelaySeconds: 5,
})
export class CompanySyncJob implements JobHandler<PipedriveCompanySync> {
  constructor(private readonly sync: PipedriveSyncService) {}

  handle({ companyId }: PipedriveCompanySync): Promise<void> {
    return this.sync.syncCompany(companyId);
  }

  failedForGood({ companyId }: PipedriveCompanySync, error: Error): Promise<void> {
    return this.sync.syncFailedForGood(companyId, error);
  }
}
