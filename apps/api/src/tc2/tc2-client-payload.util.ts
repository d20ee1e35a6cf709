import { slugify } from '../common/slugify.util';
import { cleanExtraAttrValue } from './extra-attr-value.util';
import { Tc2ClientObject, Tc2ClientSavePayload } from './tc2.client';

export type Tc2ExtraAttrValue = string | number | boolean | Record<string, unknown> | null;

/** What Hermes knows about a Company that TC2 should hold too. */
export interface CompanyForTc2 {
  /** `{PD_BASE_URL}/organization/{pd_org_id}/`, or null when the Company has no organisation. */
  pipedriveUrl: string | null;
  /** The latest deal's stage and pipeline names (open, won or lost); null when there is none. */
  latestDeal: { stage: string; pipeline: string } | null;
  /** Company custom fields that have a TC2 machine name, by that name. */
  customFields: Record<string, Tc2ExtraAttrValue>;
  /** TC2 admin ids of the Company's people; null where there is none (or it has no TC2 id). */
  salesPerson: number | null;
  supportPerson: number | null;
  bdrPerson: number | null;
}

/**
 * The `POST /api/clients/` body that brings TC2's client up to date with Hermes after a change in
 * Pipedrive: the client as TC2 holds it, its extra attrs with Hermes' values laid over them, and
 * the admins as TC2 ids. TC2 finds the client by `user.email`.
 */
export function tc2ClientPayload(client: Tc2ClientObject, company: CompanyForTc2): Tc2ClientSavePayload {
  // TC2's own values as Hermes reads them (as v2 did): cleaned, and without empty ones or placeholders like `----`.
  const extraAttrs: Record<string, Tc2ExtraAttrValue> = {};
  for (const attr of client.extra_attrs) {
    const value = cleanExtraAttrValue(attr.machine_name, attr.value);
    if (value !== null) extraAttrs[attr.machine_name] = value;
  }
  Object.assign(extraAttrs, company.customFields, { pipedrive_url: company.pipedriveUrl });
  if (company.latestDeal) Object.assign(extraAttrs, { pipedrive_deal_stage: company.latestDeal.stage, pipedrive_pipeline: company.latestDeal.pipeline });
  // TC2 stores this choice as a slug and refuses the label it displays.
  const termination = client.extra_attrs.find((attr) => attr.machine_name === 'termination_category');
  if (termination?.value) extraAttrs.termination_category = slugify(termination.value);

  const payload: Tc2ClientSavePayload = {
    user: {
      email: client.user.email,
      first_name: client.user.first_name,
      last_name: client.user.last_name,
      phone: client.user.phone,
    },
    status: client.status,
    paid_recipients: client.paid_recipients.map((r) => ({ first_name: r.first_name, last_name: r.last_name, email: r.email })),
    extra_attrs: extraAttrs,
  };
  // An admin Hermes does not know in TC2 is left as TC2 has it rather than cleared.
  if (company.salesPerson !== null) payload.sales_person = company.salesPerson;
  if (company.supportPerson !== null) payload.associated_admin = company.supportPerson;
  if (company.bdrPerson !== null) payload.bdr_person = company.bdrPerson;
  return payload;
}
