import { Company, CustomField } from '@hermes/database';
import { customFieldRows } from '@hermes/testing';

import { customFieldsPayload, dealCustomFieldsPayload, fieldsOf, hermesValue, pipedriveValue } from './custom-field-values.util';

const fields = customFieldRows();
const field = (type: string, machineName: string) => fields.find((f) => f.linked_object_type === type && f.machine_name === machineName)!;
const noValues = new Map<number, string | null>();

describe('pipedriveValue: values as Pipedrive v2 wants them', () => {
  it('sends ints and ids as JSON numbers', () => {
    expect(pipedriveValue('int', 12)).toBe(12);
    expect(pipedriveValue('int', ' 7 ')).toBe(7);
    expect(pipedriveValue('fk_field', '42')).toBe(42);
    expect(pipedriveValue('int', 'twelve')).toBeUndefined();
  });

  it('sends booleans as booleans, whatever TC2 wrote', () => {
    expect(pipedriveValue('bool', true)).toBe(true);
    expect(pipedriveValue('bool', 'False')).toBe(false);
    expect(pipedriveValue('bool', 'yes')).toBe(true);
    expect(pipedriveValue('bool', 'maybe')).toBeUndefined();
  });

  it('sends dates as YYYY-MM-DD (the UTC day)', () => {
    expect(pipedriveValue('date', new Date('2026-03-01T23:30:00Z'))).toBe('2026-03-01');
    expect(pipedriveValue('date', '2026-03-01T10:00:00+01:00')).toBe('2026-03-01');
    expect(pipedriveValue('date', 'not a date')).toBeUndefined();
    expect(pipedriveValue('str', new Date('2026-03-01T10:00:00Z'))).toBe('2026-03-01');
  });

  it('sends structured values as a JSON string, and nothing for null, undefined or empty', () => {
    expect(pipedriveValue('str', { tutors: 12, how: 'search' })).toBe('{"tutors":12,"how":"search"}');
    expect(pipedriveValue('str', 5)).toBe('5');
    for (const empty of [null, undefined, '']) expect(pipedriveValue('str', empty)).toBeUndefined();
  });
});

describe('hermesValue: where a field reads its value', () => {
  const company = Object.assign(new Company(), { id: 9, website: 'https://a.example', support_person_id: 3, estimated_income: '£1m' });

  it('reads the column named by hermes_field_name; fk_field reads the relation id; id is the object’s own', () => {
    const source = { columns: company, values: noValues };
    expect(hermesValue(field('Company', 'website'), source)).toBe('https://a.example');
    expect(hermesValue(field('Company', 'estimated_monthly_income'), source)).toBe('£1m');
    expect(hermesValue(field('Company', 'support_person_id'), source)).toBe(3);
    expect(hermesValue(field('Company', 'hermes_id'), source)).toBe(9);
  });

  it('reads TC2-only fields from the object’s customfieldvalue row, and derived values from the source', () => {
    const referer = field('Company', 'referer');
    expect(hermesValue(referer, { columns: company, values: new Map([[referer.id, 'a friend']]) })).toBe('a friend');
    expect(hermesValue(referer, { columns: company, values: noValues })).toBeNull();
    const url = field('Company', 'tc2_cligency_url');
    expect(hermesValue(url, { columns: company, values: noValues, derived: { tc2_cligency_url: 'https://tc2/clients/5/' } })).toBe('https://tc2/clients/5/');
  });
});

describe('customFieldsPayload', () => {
  it('puts each value under its field key and leaves out fields without a value or a Pipedrive key', () => {
    const company = Object.assign(new Company(), { id: 9, website: null, paid_invoice_count: 0, support_person_id: null });
    const unkeyed = Object.assign(new CustomField(), { ...field('Company', 'tc2_status'), id: 99, pd_field_id: null });
    const payload = customFieldsPayload([...fieldsOf(fields, 'Company'), unkeyed], {
      columns: { ...company, tc2_status: 'trial' },
      values: noValues,
    });
    expect(payload).toEqual({ company_paid_invoice_count: 0, company_hermes_id: 9, company_tc2_status: 'trial' });
  });
});

describe('dealCustomFieldsPayload: inherited deal fields', () => {
  const company = Object.assign(new Company(), { id: 9, website: 'https://a.example', paid_invoice_count: 4 });
  const deal = { id: 30 };

  it('copies the Company field of the same machine name, but keeps the deal’s own hermes_id', () => {
    const payload = dealCustomFieldsPayload(fieldsOf(fields, 'Deal'), { columns: deal, values: noValues }, fieldsOf(fields, 'Company'), {
      columns: company,
      values: noValues,
    });
    expect(payload).toEqual({ deal_hermes_id: 30, deal_website: 'https://a.example', deal_paid_invoice_count: 4 });
  });

  it('uses the deal’s own value row for a deal field no Company field matches', () => {
    const own = Object.assign(new CustomField(), {
      id: 50, name: 'Lead source', machine_name: 'lead_source', field_type: 'str', hermes_field_name: null,
      tc2_machine_name: null, pd_field_id: 'deal_lead_source', linked_object_type: 'Deal',
    });
    const payload = dealCustomFieldsPayload([own], { columns: deal, values: new Map([[50, 'fair']]) }, fieldsOf(fields, 'Company'), {
      columns: company,
      values: noValues,
    });
    expect(payload).toEqual({ deal_lead_source: 'fair' });
  });
});
