import { Company, Deal } from '@hermes/database';
import { customFieldRows } from '@hermes/testing';

import { dealPayload } from './deal-payload.util';

const company = Object.assign(new Company(), { id: 12, name: 'Brightside Tutors', website: 'https://brightside.example', paid_invoice_count: 0 });

function payload(deal: Partial<Deal>, personId: number | null = 20001) {
  return dealPayload({
    deal: Object.assign(new Deal(), { id: 40, name: 'Brightside Tutors', status: 'open', ...deal }),
    company,
    orgId: 10001,
    personId,
    ownerId: 9001,
    pipelineId: 1,
    stageId: 2,
    customFields: customFieldRows(),
    dealValues: new Map(),
    companyValues: new Map(),
    tc2BaseUrl: 'https://tc2',
  });
}

describe('dealPayload', () => {
  it('carries title, organization, person, owner, Pipedrive pipeline and stage, hermes_id and inherited fields', () => {
    expect(payload({})).toEqual({
      title: 'Brightside Tutors',
      org_id: 10001,
      person_id: 20001,
      owner_id: 9001,
      pipeline_id: 1,
      stage_id: 2,
      custom_fields: { deal_hermes_id: 40, deal_website: 'https://brightside.example', deal_paid_invoice_count: 0 },
    });
  });

  it('never carries status, whatever Hermes holds, so Pipedrive’s won and lost deals stay closed', () => {
    for (const status of ['open', 'won', 'lost'] as const) expect(payload({ status })).not.toHaveProperty('status');
  });

  it('is titled after the company when the deal has no name, and has no person without a contact', () => {
    const result = payload({ name: null }, null);
    expect(result.title).toBe('Brightside Tutors');
    expect(result).not.toHaveProperty('person_id');
  });
});
