import { Contact } from '@hermes/database';
import { customFieldRows } from '@hermes/testing';

import { personName, personPayload } from './person-payload.util';

function contact(overrides: Partial<Contact> = {}): Contact {
  return Object.assign(new Contact(), {
    id: 31, first_name: 'Jane', last_name: 'Van Dyke', email: 'jane@brightside.example', phone: '+44 7700 900123', company_id: 12,
    ...overrides,
  });
}

describe('personPayload', () => {
  it('carries the name, primary email and phone, the organization, the owner and the hermes_id', () => {
    expect(personPayload({ contact: contact(), orgId: 10001, ownerId: 9001, customFields: customFieldRows(), values: new Map() })).toEqual({
      name: 'Jane Van Dyke',
      emails: [{ value: 'jane@brightside.example', primary: true, label: 'work' }],
      phones: [{ value: '+44 7700 900123', primary: true, label: 'work' }],
      org_id: 10001,
      owner_id: 9001,
      custom_fields: { contact_hermes_id: 31 },
    });
  });

  it('sends empty lists for a contact without email or phone, and no org or owner it does not know', () => {
    const payload = personPayload({ contact: contact({ email: null, phone: '  ' }), orgId: null, ownerId: null, customFields: [], values: new Map() });
    expect(payload).toEqual({ name: 'Jane Van Dyke', emails: [], phones: [], custom_fields: {} });
  });
});

describe('personName', () => {
  it('joins first and last names, as v2; a contact with neither is named by what Hermes has', () => {
    expect(personName(contact({ first_name: null }))).toBe('Van Dyke');
    expect(personName(contact({ first_name: ' Jane ', last_name: null }))).toBe('Jane');
    expect(personName(contact({ first_name: null, last_name: null }))).toBe('jane@brightside.example');
    expect(personName(contact({ first_name: null, last_name: '', email: null, phone: null }))).toBe('Contact 31');
  });
});
