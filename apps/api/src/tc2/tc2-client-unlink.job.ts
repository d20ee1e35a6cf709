import { TC2_CLIENT_UNLINK_JOB, Tc2ClientUnlink } from '../core/sync/outbound-sync.service';
import { JobHandler, JobKind } from '../jobs/job-kind.decorator';
import { Tc2SyncService } from './tc2-sync.service';

/** Tells a TC2 client its Company (and so its Pipedrive organization) is gone from Hermes. */
@JobKind<Tc2ClientUnlink>({
  name: TC2_CLIENT_UNLINK_JOB,
  exclusiveBy: ({ cligencyId }) => `cligency-${cligencyId}`,
  retryLimit: 6,
  retryDelaySeconds: 10,
})
export class Tc2ClientUnlinkJob implements JobHandler<Tc2ClientUnlink> {
  constructor(private readonly sync: Tc2SyncService) {}

  handle({ cligencyId }: Tc2ClientUnlink): Promise<void> {
    return this.sync.unlinkClient(cligencyId);
  }
}
