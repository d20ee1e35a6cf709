import { splitName } from '../common/person-name.util';
import { hermesIdsOf, idOf, primaryValue } from '../core/from-pipedrive/pipedrive-values.util';
import { changedKeys, flattenObject, unwrapCustomValue } from './pipedrive-webhook-fields.util';

describe('Pipedrive webhook fields', () => {
  it('unwrap custom field values of every kind webhooks v2 send', () => {
    expect(unwrapCustomValue({ type: 'varchar', value: 'https://a.com' })).toBe('https://a.com');
    expect(unwrapCustomValue({ type: 'double', value: 12 })).toBe(12);
    expect(unwrapCustomValue({ type: 'enum', id: 7 })).toBe(7);
    expect(unwrapCustomValue({ type: 'set', values: [{ id: 3 }, { id: 4 }] })).toBe('3,4');
    expect(unwrapCustomValue(null)).toBeNull();
    expect(unwrapCustomValue('plain')).toBe('plain');
  });

  it('flatten custom fields beside the object fields', () => {
    expect(flattenObject({ id: 5, name: 'Acme', custom_fields: { abc: { type: 'varchar', value: 'x' }, def: null } })).toEqual({
      id: 5,
      name: 'Acme',
      abc: 'x',
      def: null,
    });
    expect(flattenObject(null)).toBeNull();
    expect(changedKeys(flattenObject({ name: 'Old', custom_fields: { abc: null } }))).toEqual(new Set(['name', 'abc']));
  });

  it('read ids whether plain, as strings or wrapped, and refuse anything else', () => {
    expect(idOf(12)).toBe(12);
    expect(idOf('12')).toBe(12);
    expect(idOf({ value: 12, name: 'Acme' })).toBe(12);
    expect([idOf(null), idOf('12a'), idOf(0), idOf(-3), idOf(1.5), idOf({}), idOf(2147483648), idOf(4e189)]).toEqual([null, null, null, null, null, null, null, null]);
  });

  it('read the Hermes ids of a merged hermes_id', () => {
    expect(hermesIdsOf(53670)).toEqual([53670]);
    expect(hermesIdsOf('53670')).toEqual([53670]);
    expect(hermesIdsOf('55839, 53670')).toEqual([55839, 53670]);
    expect(hermesIdsOf('')).toEqual([]);
    expect(hermesIdsOf(null)).toEqual([]);
  });

  it('pick the primary email or phone, else the first', () => {
    const emails = [
      { label: 'work', value: 'a@x.com', primary: false },
      { label: 'home', value: 'b@x.com', primary: true },
    ];
    expect(primaryValue(emails)).toBe('b@x.com');
    expect(primaryValue([{ label: 'work', value: '0123', primary: false }])).toBe('0123');
    expect(primaryValue([{ label: 'work', value: '', primary: true }])).toBeNull();
    expect(primaryValue([])).toBeNull();
    expect(primaryValue('c@x.com')).toBe('c@x.com');
  });

  it('split a name on its first space; one word is the last name', () => {
    expect(splitName('Jane Van Dyke')).toEqual({ first_name: 'Jane', last_name: 'Van Dyke' });
    expect(splitName('Cher')).toEqual({ first_name: null, last_name: 'Cher' });
    expect(splitName('  ')).toEqual({ first_name: null, last_name: null });
  });
});
