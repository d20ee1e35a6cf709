import { JobHandler, JobKind } from '../jobs/job-kind.decorator';
import { PipedriveCatchUpService } from './pipedrive-catch-up.service';
import { WebhookHealthService } from './webhook-health.service';

export const PIPEDRIVE_CATCH_UP_JOB = 'pipedrive.catch-up';

/**
 * Every PD_RECONCILE_INTERVAL_SECONDS, one run at a time across all processes: the catch-up with
 * Pipedrive, then the check of Hermes' webhooks there. A failed run is not retried: the next
 * interval's starts from the same checkpoint.
 */
@JobKind({
  name: PIPEDRIVE_CATCH_UP_JOB,
  everySeconds: (config) => config.pipedrive.reconcileIntervalSeconds,
  coalesceBy: () => 'catch-up',
  exclusiveBy: () => 'catch-up',
  retryLimit: 0,
  retryDelaySeconds: 0,
})
export class PipedriveCatchUpJob implements JobHandler<object> {
  constructor(
    private readonly catchUp: PipedriveCatchUpService,
    private readonly webhooks: WebhookHealthService,
  ) {}

  async handle(): Promise<void> {
    await this.catchUp.run();
    await this.webhooks.check();
  }
}
