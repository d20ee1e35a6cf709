import { Tc2ClientInput } from '../core/companies/tc2-client';
import { Tc2AdminRefDto } from './dto/tc2-admin-ref.dto';
import { Tc2ExtraAttrDto } from './dto/tc2-extra-attr.dto';
import { Tc2MetaAgencyDto } from './dto/tc2-meta-agency.dto';
import { Tc2RecipientDto } from './dto/tc2-recipient.dto';
import { Tc2UserDto } from './dto/tc2-user.dto';
import { cleanExtraAttrValue } from './extra-attr-value.util';
import { parseTc2Country } from './tc2-country.util';
import { parseTc2Date } from './tc2-date.util';
import { parseTc2PricePlan } from './tc2-price-plan.util';

/** A client that is a TutorCruncher account's owner, from a webhook or fetched from TC2. */
export interface AgencyClient {
  id: number;
  user: Tc2UserDto;
  meta_agency: Tc2MetaAgencyDto;
  paid_recipients: Tc2RecipientDto[];
  extra_attrs?: Tc2ExtraAttrDto[] | null;
  status?: string;
  sales_person?: Tc2AdminRefDto | null;
  associated_admin?: Tc2AdminRefDto | null;
  bdr_person?: Tc2AdminRefDto | null;
}

/**
 * A TC2 client in the core's terms: TC2's country, price plan and date formats read, extra attr
 * values cleaned. `field` is where the client is in the caller's input (null if fetched from TC2),
 * `sentAt` when TC2 sent it. `onUnknownPlan` hears of a price plan Hermes does not know (it becomes payg).
 */
export function tc2ClientInput(
  client: AgencyClient,
  { field, sentAt }: { field: string | null; sentAt: Date | null },
  onUnknownPlan: (plan: unknown) => void = () => undefined,
): Tc2ClientInput {
  const agency = client.meta_agency;
  const pricePlan = parseTc2PricePlan(agency.price_plan);
  if (!pricePlan) onUnknownPlan(agency.price_plan);
  return {
    field,
    sentAt,
    agencyId: agency.id,
    columns: {
      tc2_cligency_id: client.id,
      tc2_status: agency.status,
      name: agency.name,
      country: parseTc2Country(agency.country),
      website: agency.website ?? null,
      paid_invoice_count: agency.paid_invoice_count,
      price_plan: pricePlan ?? 'payg',
      narc: agency.narc ?? false,
      signup_questionnaire: agency.signup_questionnaire ?? null,
      created: parseTc2Date(agency.created) ?? new Date(),
      pay0_dt: parseTc2Date(agency.pay0_dt),
      pay1_dt: parseTc2Date(agency.pay1_dt),
      pay3_dt: parseTc2Date(agency.pay3_dt),
      card_saved_dt: parseTc2Date(agency.card_saved_dt),
      email_confirmed_dt: parseTc2Date(agency.email_confirmed_dt),
      gclid: agency.gclid ?? null,
      gclid_expiry_dt: parseTc2Date(agency.gclid_expiry_dt),
    },
    admins: {
      sales_person: client.sales_person?.id ?? null,
      associated_admin: client.associated_admin?.id ?? null,
      bdr_person: client.bdr_person?.id ?? null,
    },
    extraAttrs: new Map((client.extra_attrs ?? []).map((attr) => [attr.machine_name, cleanExtraAttrValue(attr.machine_name, attr.value)])),
    user: { email: client.user.email ?? null, phone: client.user.phone ?? null },
    recipients: client.paid_recipients.map(({ id, first_name, last_name, email }) => ({ id, first_name, last_name, email })),
  };
}

/** The warning for a price plan Hermes does not know. */
export function unknownPlan(agencyId: number, plan: unknown): string {
  return `TC2 agency ${agencyId} has an unknown price plan ${JSON.stringify(plan)}: using payg`;
}
