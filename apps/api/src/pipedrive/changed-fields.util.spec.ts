import { changedFields } from './changed-fields.util';
import { PdPersonInput } from './pipedrive.client';

const sent: PdPersonInput = {
  name: 'Jane Van Dyke',
  emails: [{ value: 'jane@brightside.example', primary: true, label: 'work' }],
  phones: [],
  org_id: 10001,
  owner_id: 9001,
  custom_fields: { contact_hermes_id: 31, contact_source: 'fair' },
};

describe('changedFields', () => {
  it('is null when nothing changed, whatever the key order', () => {
    const reordered: PdPersonInput = {
      custom_fields: { contact_source: 'fair', contact_hermes_id: 31 },
      owner_id: 9001,
      org_id: 10001,
      phones: [],
      emails: [{ label: 'work', primary: true, value: 'jane@brightside.example' }],
      name: 'Jane Van Dyke',
    };
    expect(changedFields(sent, reordered)).toBeNull();
  });

  it('is the whole payload when nothing was sent before', () => {
    expect(changedFields(null, sent)).toEqual(sent);
  });

  it('keeps only the changed top-level fields, comparing lists deeply', () => {
    expect(changedFields(sent, { ...sent, name: 'Jane Smith', emails: [{ value: 'jane@smith.example', primary: true, label: 'work' }] })).toEqual({
      name: 'Jane Smith',
      emails: [{ value: 'jane@smith.example', primary: true, label: 'work' }],
    });
  });

  it('compares custom fields one by one, and clears one no longer set', () => {
    expect(changedFields(sent, { ...sent, custom_fields: { contact_hermes_id: 31, contact_level: 3 } })).toEqual({
      custom_fields: { contact_source: null, contact_level: 3 },
    });
  });

  it('clears a link Hermes no longer has, but never the owner', () => {
    const { org_id: _org, owner_id: _owner, ...rest } = sent;
    expect(changedFields(sent, rest)).toEqual({ org_id: null });
  });
});
