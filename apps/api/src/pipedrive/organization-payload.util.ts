import { Company, CustomField } from '@hermes/database';
import { CustomFieldSource, customFieldsPayload, fieldsOf } from './custom-field-values.util';
import { PdOrganizationInput } from './pipedrive.client';
import { tc2CligencyUrl } from '../core/record-urls.util';

export interface OrganizationPayloadInput {
  company: Company;
  /** The sales person's Pipedrive user id; without one Pipedrive picks (or keeps) the owner. */
  ownerId: number | null;
  /** Every custom field; the Company ones are used. */
  customFields: readonly CustomField[];
  /** The company's `customfieldvalue` rows: custom field id → value. */
  values: ReadonlyMap<number, string | null>;
  tc2BaseUrl: string;
}

/** Where a Company's custom field values come from, `tc2_cligency_url` derived from its cligency. */
export function companyFieldSource(company: Company, values: ReadonlyMap<number, string | null>, tc2BaseUrl: string): CustomFieldSource {
  return { columns: company, values, derived: { tc2_cligency_url: tc2CligencyUrl(tc2BaseUrl, company.tc2_cligency_id) } };
}

/** The Organization a Company is in Pipedrive. */
export function organizationPayload(input: OrganizationPayloadInput): PdOrganizationInput {
  const payload: PdOrganizationInput = { name: input.company.name };
  if (input.ownerId !== null) payload.owner_id = input.ownerId;
  payload.custom_fields = customFieldsPayload(
    fieldsOf(input.customFields, 'Company'),
    companyFieldSource(input.company, input.values, input.tc2BaseUrl),
  );
  return payload;
}
