import { CustomField, FieldType, LinkedObjectType } from '@hermes/database';

/** A custom field as tests create it: the Hermes row, and the type of its Pipedrive data field. */
export interface FieldFixture {
  name: string;
  machine_name: string;
  field_type: FieldType;
  hermes_field_name?: string;
  tc2_machine_name?: string;
  linked_object_type: LinkedObjectType;
  /** The Pipedrive data field type: numbers in `double` fields, as `hermes setup` makes them. */
  pdType: 'varchar' | 'text' | 'double' | 'date';
}

/** The default fields `hermes setup` makes, plus a TC2-only one and deal fields inherited from the company. */
export const FIELD_FIXTURES: FieldFixture[] = [
  { name: 'Website', machine_name: 'website', field_type: 'str', hermes_field_name: 'website', tc2_machine_name: 'website', linked_object_type: 'Company', pdType: 'varchar' },
  { name: 'Paid Invoice Count', machine_name: 'paid_invoice_count', field_type: 'int', hermes_field_name: 'paid_invoice_count', linked_object_type: 'Company', pdType: 'double' },
  { name: 'TC2 Status', machine_name: 'tc2_status', field_type: 'str', hermes_field_name: 'tc2_status', linked_object_type: 'Company', pdType: 'varchar' },
  { name: 'TC2 Cligency URL', machine_name: 'tc2_cligency_url', field_type: 'str', hermes_field_name: 'tc2_cligency_url', linked_object_type: 'Company', pdType: 'varchar' },
  { name: 'UTM Source', machine_name: 'utm_source', field_type: 'str', hermes_field_name: 'utm_source', tc2_machine_name: 'utm_source', linked_object_type: 'Company', pdType: 'varchar' },
  { name: 'Estimated Monthly Income', machine_name: 'estimated_monthly_income', field_type: 'str', hermes_field_name: 'estimated_income', tc2_machine_name: 'estimated_monthly_income', linked_object_type: 'Company', pdType: 'varchar' },
  { name: 'Support Person ID', machine_name: 'support_person_id', field_type: 'fk_field', hermes_field_name: 'support_person', linked_object_type: 'Company', pdType: 'double' },
  { name: 'BDR Person ID', machine_name: 'bdr_person_id', field_type: 'fk_field', hermes_field_name: 'bdr_person', linked_object_type: 'Company', pdType: 'double' },
  { name: 'Signup Questionnaire', machine_name: 'signup_questionnaire', field_type: 'str', hermes_field_name: 'signup_questionnaire', tc2_machine_name: 'signup_questionnaire', linked_object_type: 'Company', pdType: 'text' },
  { name: 'Hermes ID', machine_name: 'hermes_id', field_type: 'fk_field', hermes_field_name: 'id', linked_object_type: 'Company', pdType: 'double' },
  { name: 'Referer', machine_name: 'referer', field_type: 'str', tc2_machine_name: 'referer', linked_object_type: 'Company', pdType: 'varchar' },
  { name: 'Hermes ID', machine_name: 'hermes_id', field_type: 'fk_field', hermes_field_name: 'id', linked_object_type: 'Contact', pdType: 'double' },
  { name: 'Hermes ID', machine_name: 'hermes_id', field_type: 'fk_field', hermes_field_name: 'id', linked_object_type: 'Deal', pdType: 'double' },
  { name: 'Website', machine_name: 'website', field_type: 'str', linked_object_type: 'Deal', pdType: 'varchar' },
  { name: 'Paid Invoice Count', machine_name: 'paid_invoice_count', field_type: 'int', linked_object_type: 'Deal', pdType: 'double' },
];

/** The Pipedrive key tests give a field: readable, e.g. `company_website`. */
export function fieldKey(type: LinkedObjectType, machineName: string): string {
  return `${type.toLowerCase()}_${machineName}`;
}

/** The fixtures as CustomField rows with Pipedrive keys and ids 1, 2, … (for tests without a database). */
export function customFieldRows(fixtures: FieldFixture[] = FIELD_FIXTURES): CustomField[] {
  return fixtures.map(({ pdType: _pdType, ...fixture }, i) =>
    Object.assign(new CustomField(), {
      hermes_field_name: null,
      tc2_machine_name: null,
      ...fixture,
      id: i + 1,
      pd_field_id: fieldKey(fixture.linked_object_type, fixture.machine_name),
    }),
  );
}
