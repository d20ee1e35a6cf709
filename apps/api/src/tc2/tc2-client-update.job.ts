import { TC2_CLIENT_UPDATE_JOB, Tc2ClientUpdate } from '../core/sync/outbound-sync.service';
import { JobHandler, JobKind } from '../jobs/job-kind.decorator';
import { Tc2SyncService } from './tc2-sync.service';

/** Brings a Company's TC2 client up to date; a burst for one company is one run (its latest state). */
@JobKind<Tc2ClientUpdate>({
  name: TC2_CLIENT_UPDATE_JOB,
  coalesceBy: ({ companyId }) => String(companyId),
  exclusiveBy: ({ companyId }) => String(companyId),
  retryLimit: 6,
  retryDelaySeconds: 10,
})
export class Tc2ClientUpdateJob implements JobHandler<Tc2ClientUpdate> {
  constructor(private readonly sync: Tc2SyncService) {}

  handle({ companyId }: Tc2ClientUpdate): Promise<void> {
    return this.sync.updateClient(companyId);
  }
}
