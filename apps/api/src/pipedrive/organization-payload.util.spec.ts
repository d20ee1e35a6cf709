import { Company } from '@hermes/database';
import { customFieldRows } from '@hermes/testing';

import { organizationPayload } from './organization-payload.util';

const customFields = customFieldRows();
const referer = customFields.find((f) => f.machine_name === 'referer')!;

function company(overrides: Partial<Company> = {}): Company {
  return Object.assign(new Company(), {
    id: 12,
    name: 'Brightside Tutors',
    tc2_cligency_id: 401,
    tc2_status: 'trial',
    website: 'https://brightside.example',
    paid_invoice_count: 3,
    estimated_income: '£150,000 - £500,000',
    utm_source: null,
    support_person_id: 2,
    bdr_person_id: null,
    signup_questionnaire: { how_did_you_hear: 'search', tutors: 12 },
    ...overrides,
  });
}

describe('organizationPayload', () => {
  it('carries the name, the sales person as owner and the Company custom fields, typed for v2', () => {
    const payload = organizationPayload({
      company: company(),
      ownerId: 9001,
      customFields,
      values: new Map([[referer.id, 'a friend']]),
      tc2BaseUrl: 'https://secure.tutorcruncher.com',
    });
    expect(payload).toEqual({
      name: 'Brightside Tutors',
      owner_id: 9001,
      custom_fields: {
        company_website: 'https://brightside.example',
        company_paid_invoice_count: 3,
        company_tc2_status: 'trial',
        company_tc2_cligency_url: 'https://secure.tutorcruncher.com/clients/401/',
        company_estimated_monthly_income: '£150,000 - £500,000',
        company_support_person_id: 2,
        company_signup_questionnaire: '{"how_did_you_hear":"search","tutors":12}',
        company_hermes_id: 12,
        company_referer: 'a friend',
      },
    });
  });

  it('leaves out the owner when the sales person has no Pipedrive user, and the URL without a cligency', () => {
    const payload = organizationPayload({ company: company({ tc2_cligency_id: null }), ownerId: null, customFields, values: new Map(), tc2BaseUrl: 'https://tc2' });
    expect(payload).not.toHaveProperty('owner_id');
    expect(payload.custom_fields).not.toHaveProperty('company_tc2_cligency_url');
    expect(payload.custom_fields).not.toHaveProperty('company_referer');
  });
});
