import { Admin, Company, Contact, CustomField, CustomFieldValue, Deal } from '@hermes/database';
import { EntityManager, In } from 'typeorm';
import { LinkedObjectKind } from '../core/sync/pipedrive-links.service';
import { PdPayload } from './changed-fields.util';
import { dealPayload } from './deal-payload.util';
import { organizationPayload } from './organization-payload.util';
import { personPayload } from './person-payload.util';

export type ValueRows = ReadonlyMap<number, string | null>;

/** Everything Hermes sends to Pipedrive for one company, as read from the database. */
export interface CompanyRecords {
  company: Company;
  /** Oldest first. */
  contacts: Contact[];
  /** Oldest first, with their pipeline and stage. */
  deals: Deal[];
  /** The company's sales person and its deals' admins. */
  admins: ReadonlyMap<number, Admin>;
  companyValues: ValueRows;
  contactValues: ReadonlyMap<number, ValueRows>;
  dealValues: ReadonlyMap<number, ValueRows>;
}

/** What every payload needs besides a company's records. */
export interface PayloadContext {
  customFields: CustomField[];
  tc2BaseUrl: string;
}

/** One object of a company linked in Pipedrive, with what Hermes would send it. */
export interface LinkedPayload {
  companyId: number;
  type: LinkedObjectKind;
  hermesId: number;
  pdId: number;
  payload: PdPayload;
}

/** The Pipedrive ids a deal's payload links it to. */
export interface DealLinks {
  orgId: number;
  personId: number | null;
  ownerId: number | null;
}

/**
 * The records of these companies, read with one query per table however many companies there
 * are (a sync reads one company's; `sync to-pipedrive --all` a batch's).
 */
export async function loadCompanyRecords(manager: EntityManager, companies: Company[]): Promise<Map<number, CompanyRecords>> {
  if (!companies.length) return new Map();
  const companyIds = companies.map((company) => company.id);
  const contacts = await manager.find(Contact, { where: { company_id: In(companyIds) }, order: { id: 'ASC' } });
  const deals = await manager.find(Deal, { where: { company_id: In(companyIds) }, relations: { pipeline: true, stage: true }, order: { id: 'ASC' } });
  const adminIds = [...new Set([...companies.map((company) => company.sales_person_id), ...deals.map((deal) => deal.admin_id)])];
  const admins = new Map((await manager.findBy(Admin, { id: In(adminIds) })).map((admin) => [admin.id, admin]));
  const values = async (owner: 'company_id' | 'contact_id' | 'deal_id', ids: number[]) => {
    const byOwner = new Map<number, Map<number, string | null>>();
    if (!ids.length) return byOwner;
    for (const row of await manager.findBy(CustomFieldValue, { [owner]: In(ids) })) {
      const ownerId = row[owner]!;
      if (!byOwner.has(ownerId)) byOwner.set(ownerId, new Map());
      byOwner.get(ownerId)!.set(row.custom_field_id, row.value);
    }
    return byOwner;
  };
  const companyValues = await values('company_id', companyIds);
  const contactValues = await values('contact_id', contacts.map((contact) => contact.id));
  const dealValues = await values('deal_id', deals.map((deal) => deal.id));
  const contactsOf = groupBy(contacts, (contact) => contact.company_id);
  const dealsOf = groupBy(deals, (deal) => deal.company_id);
  return new Map(
    companies.map((company) => [
      company.id,
      {
        company,
        contacts: contactsOf.get(company.id) ?? [],
        deals: dealsOf.get(company.id) ?? [],
        admins,
        companyValues: companyValues.get(company.id) ?? new Map(),
        contactValues,
        dealValues,
      },
    ]),
  );
}

/** The sales person's Pipedrive user: the owner of the organization and persons. */
export function ownerOf(records: CompanyRecords): number | null {
  return records.admins.get(records.company.sales_person_id)?.pd_owner_id ?? null;
}

export function organizationPayloadOf(records: CompanyRecords, context: PayloadContext): PdPayload {
  return organizationPayload({
    company: records.company,
    ownerId: ownerOf(records),
    customFields: context.customFields,
    values: records.companyValues,
    tc2BaseUrl: context.tc2BaseUrl,
  });
}

export function personPayloadOf(records: CompanyRecords, contact: Contact, orgId: number, context: PayloadContext): PdPayload {
  const values = records.contactValues.get(contact.id) ?? new Map();
  return personPayload({ contact, orgId, ownerId: ownerOf(records), customFields: context.customFields, values });
}

/** An open deal, its inherited custom fields refreshed from the company. */
export function dealPayloadOf(records: CompanyRecords, deal: Deal, links: DealLinks, context: PayloadContext): PdPayload {
  return dealPayload({
    deal,
    company: records.company,
    ...links,
    pipelineId: deal.pipeline!.pd_pipeline_id,
    stageId: deal.stage!.pd_stage_id,
    customFields: context.customFields,
    dealValues: records.dealValues.get(deal.id) ?? new Map(),
    companyValues: records.companyValues,
    tc2BaseUrl: context.tc2BaseUrl,
  });
}

/** The links of a deal whose organization is `orgId`, its person found among `personIds` (contact id → person id). */
export function dealLinks(records: CompanyRecords, deal: Deal, orgId: number, personIds: ReadonlyMap<number, number>): DealLinks {
  return { orgId, personId: (deal.contact_id && personIds.get(deal.contact_id)) ?? null, ownerId: records.admins.get(deal.admin_id)?.pd_owner_id ?? null };
}

/**
 * What Hermes holds for a company's objects linked in Pipedrive (its organization, persons and
 * open deals), as a sync would send them; none for a company not synced (unlinked, narc, removed).
 */
export function linkedPayloads(records: CompanyRecords, context: PayloadContext): LinkedPayload[] {
  const { company } = records;
  if (!company.pd_org_id || company.narc || company.pd_removed) return [];
  const orgId = company.pd_org_id;
  const linked = (type: LinkedObjectKind, hermesId: number, pdId: number, payload: PdPayload): LinkedPayload => ({ companyId: company.id, type, hermesId, pdId, payload });
  const payloads = [linked('organization', company.id, orgId, organizationPayloadOf(records, context))];
  const linkedContacts = records.contacts.filter((contact) => contact.pd_person_id);
  for (const contact of linkedContacts) payloads.push(linked('person', contact.id, contact.pd_person_id!, personPayloadOf(records, contact, orgId, context)));
  const personIds = new Map(linkedContacts.map((contact) => [contact.id, contact.pd_person_id!]));
  for (const deal of records.deals.filter((d) => d.status === 'open' && d.pd_deal_id)) {
    payloads.push(linked('deal', deal.id, deal.pd_deal_id!, dealPayloadOf(records, deal, dealLinks(records, deal, orgId, personIds), context)));
  }
  return payloads;
}

function groupBy<T>(items: T[], key: (item: T) => number): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}
