import { FieldType, LinkedObjectType } from '@hermes/database';
import { PdFieldType } from '../pipedrive/pipedrive.client';

/** A default custom field: the Hermes row, and the type of its Pipedrive data field. */
export interface DefaultCustomField {
  machine_name: string;
  name: string;
  field_type: FieldType;
  hermes_field_name: string | null;
  tc2_machine_name: string | null;
  linked_object_type: LinkedObjectType;
  /** Numbers go in `double` fields (Pipedrive v2 wants them as numbers); the questionnaire is long text. */
  pdType: PdFieldType;
}

const company = (
  machine_name: string,
  name: string,
  field_type: FieldType,
  hermes_field_name: string,
  tc2_machine_name: string | null,
  pdType: PdFieldType = 'varchar',
): DefaultCustomField => ({ machine_name, name, field_type, hermes_field_name, tc2_machine_name, linked_object_type: 'Company', pdType });

export const DEFAULT_CUSTOM_FIELDS: DefaultCustomField[] = [
  company('website', 'Website', 'str', 'website', 'website'),
  company('paid_invoice_count', 'Paid Invoice Count', 'int', 'paid_invoice_count', null, 'double'),
  company('tc2_status', 'TC2 Status', 'str', 'tc2_status', null),
  company('tc2_cligency_url', 'TC2 Cligency URL', 'str', 'tc2_cligency_url', null),
  company('utm_source', 'UTM Source', 'str', 'utm_source', 'utm_source'),
  company('utm_campaign', 'UTM Campaign', 'str', 'utm_campaign', 'utm_campaign'),
  company('estimated_monthly_income', 'Estimated Monthly Income', 'str', 'estimated_income', 'estimated_monthly_income'),
  company('currency', 'Currency', 'str', 'currency', 'currency'),
  company('support_person_id', 'Support Person ID', 'fk_field', 'support_person', null, 'double'),
  company('bdr_person_id', 'BDR Person ID', 'fk_field', 'bdr_person', null, 'double'),
  company('signup_questionnaire', 'Signup Questionnaire', 'str', 'signup_questionnaire', 'signup_questionnaire', 'text'),
  ...(['Company', 'Contact', 'Deal'] as const).map(
    (type): DefaultCustomField => ({
      machine_name: 'hermes_id',
      name: 'Hermes ID',
      field_type: 'fk_field',
      hermes_field_name: 'id',
      tc2_machine_name: null,
      linked_object_type: type,
      pdType: 'double',
    }),
  ),
];
