import { Company, CustomField, Deal } from '@hermes/database';
import { dealCustomFieldsPayload, fieldsOf } from './custom-field-values.util';
import { companyFieldSource } from './organization-payload.util';
import { PdDealInput } from './pipedrive.client';

export interface DealPayloadInput {
  deal: Deal;
  company: Company;
  orgId: number | null;
  /** The deal's contact's person. */
  personId: number | null;
  /** The deal admin's Pipedrive user id. */
  ownerId: number | null;
  /** Pipedrive ids of the deal's pipeline and stage. */
  pipelineId: number;
  stageId: number;
  /** Every custom field; the Deal ones are used, inheriting from the Company ones. */
  customFields: readonly CustomField[];
  /** The deal's `customfieldvalue` rows. */
  dealValues: ReadonlyMap<number, string | null>;
  /** The company's `customfieldvalue` rows, for inherited fields. */
  companyValues: ReadonlyMap<number, string | null>;
  tc2BaseUrl: string;
}

/**
 * The Deal in Pipedrive. It never carries `status`: Pipedrive owns whether a deal is won or lost,
 * and sending Hermes' `open` would re-open a deal sales has closed there (a v2 bug).
 */
export function dealPayload(input: DealPayloadInput): PdDealInput {
  const payload: PdDealInput = {
    title: input.deal.name || input.company.name,
    pipeline_id: input.pipelineId,
    stage_id: input.stageId,
  };
  if (input.orgId !== null) payload.org_id = input.orgId;
  if (input.personId !== null) payload.person_id = input.personId;
  if (input.ownerId !== null) payload.owner_id = input.ownerId;
  payload.custom_fields = dealCustomFieldsPayload(
    fieldsOf(input.customFields, 'Deal'),
    { columns: input.deal, values: input.dealValues },
    fieldsOf(input.customFields, 'Company'),
    companyFieldSource(input.company, input.companyValues, input.tc2BaseUrl),
  );
  return payload;
}
