import { Company } from '@hermes/database';
import { DataSource, IsNull, Not } from 'typeorm';
import { PipedriveClient } from '../pipedrive/pipedrive.client';
import { PipedriveWebhookService } from '../pipedrive-webhook/pipedrive-webhook.service';
import { Patch } from './patch';

/**
 * v2's "companies with missing BDR or sales info": companies in Pipedrive without a BDR are read
 * back from their organization (owner and person fields set there), which also queues the TC2 update.
 */
export const refreshAdminsFromPipedrive: Patch = {
  name: 'refresh-admins-from-pipedrive',
  description: "Companies without a BDR: read the sales and BDR person back from their Pipedrive organization, then update TC2",
  async run(app, print) {
    const companies = await app.get(DataSource).manager.find(Company, { where: { bdr_person_id: IsNull(), pd_org_id: Not(IsNull()) }, order: { id: 'ASC' } });
    print(`${companies.length} companies without a BDR are in Pipedrive`);
    let updated = 0;
    for (const company of companies) {
      try {
        const organization = await app.get(PipedriveClient).getOrganization(company.pd_org_id!);
        const outcome = await app.get(PipedriveWebhookService).applyCurrentState('organization', organization);
        if (outcome.outcome === 'applied') updated += 1;
      } catch (error) {
        print(`Company ${company.id}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    print(`Updated ${updated} companies`);
  },
};
