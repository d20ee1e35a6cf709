import { Company } from '@hermes/database';
import { DataSource } from 'typeorm';
import { OutboundSyncService } from '../core/sync/outbound-sync.service';
import { PipedriveSnapshotsService } from '../core/sync/pipedrive-snapshots.service';
import { Patch } from './patch';

/**
 * v2's "update_pd_org_price_plans", generalised: Hermes forgets what it last sent each organization
 * and queues every company's sync, so each organization gets all of its fields again.
 */
export const resendOrganizations: Patch = {
  name: 'resend-organizations',
  description: 'Send every organization all of its fields again (after fields were edited by hand in Pipedrive)',
  async run(app, print) {
    const dataSource = app.get(DataSource);
    const companies = await dataSource.manager.find(Company, { select: { id: true }, order: { id: 'ASC' } });
    await dataSource.transaction(async (manager) => {
      await app.get(PipedriveSnapshotsService).forgetAll(manager, 'organization');
      for (const company of companies) await app.get(OutboundSyncService).pipedrive(company.id, manager);
    });
    print(`Queued the sync of ${companies.length} companies; the workers send them`);
  },
};
