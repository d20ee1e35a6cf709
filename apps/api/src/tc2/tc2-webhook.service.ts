import { BadRequestException, HttpException, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Admin, Company, Contact, CustomField, CustomFieldValue } from '@hermes/database';
import { DataSource, EntityManager, In } from 'typeorm';
import { retryOnUniqueViolation } from '../common/unique-violation.util';
import { fieldError } from '../common/validation.pipe';
import { DealsService } from '../hermes/deals.service';
import { WebhookLogEntry, WebhookLogService } from '../hermes/webhook-log.service';
import { PipedriveSyncService } from '../pipedrive/pipedrive-sync.service';
import { isEligibleForDeal } from './deal-eligibility.util';
import { Tc2AdminRefDto } from './dto/tc2-admin-ref.dto';
import { Tc2EventDto } from './dto/tc2-event.dto';
import { Tc2ExtraAttrDto } from './dto/tc2-extra-attr.dto';
import { Tc2MetaAgencyDto } from './dto/tc2-meta-agency.dto';
import { Tc2RecipientDto } from './dto/tc2-recipient.dto';
import { Tc2UserDto } from './dto/tc2-user.dto';
import { cleanExtraAttrValue } from './extra-attr-value.util';
import { Tc2Client } from './tc2.client';
import { Tc2NotFoundError } from './tc2.errors';
import { parseTc2Country } from './tc2-country.util';
import { parseTc2Date } from './tc2-date.util';
import { parseTc2PricePlan } from './tc2-price-plan.util';

/** `varchar(255)` Company columns and the `varchar(10000)` `customfieldvalue.value`. */
const COLUMN_MAX = 255;
const CUSTOM_FIELD_VALUE_MAX = 10_000;

/** A client that is a TutorCruncher account's owner, from a webhook or fetched from TC2. */
interface AgencyClient {
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

/** What one event asks Hermes to do; `field` is where in the request an admin id came from, for errors. */
type Change = { kind: 'upsert'; client: AgencyClient; field: string } | { kind: 'delete'; cligencyId: number };

type AdminRole = 'sales_person' | 'associated_admin' | 'bdr_person';
const ADMIN_COLUMNS: Record<AdminRole, 'sales_person_id' | 'support_person_id' | 'bdr_person_id'> = {
  sales_person: 'sales_person_id',
  associated_admin: 'support_person_id',
  bdr_person: 'bdr_person_id',
};

/** TC2 webhooks (SPEC §7.1): client and invoice events become Companies, Contacts and Deals, then a Pipedrive sync. */
@Injectable()
export class Tc2WebhookService {
  private readonly logger = new Logger(Tc2WebhookService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tc2: Tc2Client,
    private readonly deals: DealsService,
    private readonly pipedrive: PipedriveSyncService,
    private readonly log: WebhookLogService,
  ) {}

  /** All of a request's events in one transaction, with their webhook log rows: a request that fails changes nothing. */
  async process(events: Tc2EventDto[]): Promise<void> {
    // Invoice clients are fetched first so no transaction stays open across calls to TC2.
    const changes: Change[] = [];
    const entries: WebhookLogEntry[] = [];
    for (const [index, event] of events.entries()) {
      const change = await this.changeFor(event, `events.${index}.subject`);
      if (change) changes.push(change);
      entries.push({
        source: 'tc2',
        entity: event.subject.model.slice(0, 32),
        action: event.action.slice(0, 32),
        external_id: String(event.subject.id),
        outcome: change ? 'applied' : 'ignored',
        reason: change ? (change.kind === 'delete' ? 'client deleted' : null) : ignoredReason(event),
      });
    }

    const apply = () =>
      this.dataSource.transaction(async (manager) => {
        for (const change of changes) {
          if (change.kind === 'delete') await this.deleteCompany(change.cligencyId, manager);
          else await this.upsertClient(change.client, change.field, manager);
        }
        for (const entry of entries) await this.log.record(manager, entry);
      });
    try {
      await retryOnUniqueViolation(apply);
    } catch (error) {
      if (error instanceof HttpException) {
        for (const entry of entries) await this.log.record(this.dataSource.manager, { ...entry, outcome: 'rejected', reason: error.message });
      }
      throw error;
    }
  }

  private async changeFor(event: Tc2EventDto, field: string): Promise<Change | null> {
    const { subject } = event;
    // Agreeing to the terms says nothing new about the client.
    if (event.action === 'AGREE_TERMS') return null;
    if (subject.model === 'Invoice' && subject.client) {
      const client = await this.fetchClient(subject.client.id);
      return client?.meta_agency ? { kind: 'upsert', client: client as AgencyClient, field: `${field}.client` } : null;
    }
    if (subject.model !== 'Client') return null;
    if (subject.meta_agency && event.action !== 'DELETED_A_CLIENT') return { kind: 'upsert', client: subject as AgencyClient, field };
    // Once deleted, TC2 only has the client's id and name to send.
    if (event.action === 'DELETED_A_CLIENT' || !subject.user) return { kind: 'delete', cligencyId: subject.id };
    return null;
  }

  private async fetchClient(id: number): Promise<AgencyClient | null> {
    try {
      return (await this.tc2.getClient(id)) as unknown as AgencyClient;
    } catch (error) {
      // A client deleted since the invoice event was sent: nothing left to update.
      if (error instanceof Tc2NotFoundError) {
        this.logger.warn(`TC2 client ${id} of an invoice event no longer exists`);
        return null;
      }
      throw error;
    }
  }

  private async deleteCompany(cligencyId: number, manager: EntityManager): Promise<void> {
    const result = await manager.delete(Company, { tc2_cligency_id: cligencyId });
    if (result.affected) this.logger.log(`Deleted the company of TC2 client ${cligencyId} with its contacts, deals and meetings`);
  }

  /**
   * The Company of a TC2 client Hermes does not have yet, fetched from TC2 and saved as a webhook
   * would save it, but without a deal (a support link is not a sale). Null when TC2 has no such client.
   */
  async adoptClient(cligencyId: number): Promise<Company | null> {
    const client = await this.fetchClient(cligencyId);
    if (!client?.meta_agency) return null;
    return this.dataSource.transaction(async (manager) => {
      await this.upsertClient(client, 'client', manager, { withDeal: false });
      return manager.findOneByOrFail(Company, { tc2_agency_id: client.meta_agency.id });
    });
  }

  private async upsertClient(client: AgencyClient, field: string, manager: EntityManager, { withDeal = true } = {}): Promise<void> {
    const agency = client.meta_agency;
    const admins = await this.resolveAdmins(client, field, manager);
    if (admins.sales_person_id === null) {
      throw new BadRequestException(`Company (ID: ${agency.id}, Name: ${agency.name}) must have a sales_person, Please add one in TC2`);
    }

    const existing = await manager.findOneBy(Company, { tc2_agency_id: agency.id });
    const created = !existing;
    let company = manager.merge<Company>(Company, existing ?? manager.create(Company, { tc2_agency_id: agency.id }), {
      ...this.companyFields(client),
      sales_person_id: admins.sales_person_id,
      // A null associated_admin or bdr_person in TC2 clears the link here too.
      support_person_id: admins.support_person_id,
      bdr_person_id: admins.bdr_person_id,
      has_signed_up: true,
    });
    const customValues = await this.applyExtraAttrs(company, client.extra_attrs ?? [], manager);
    company = await manager.save(company);
    await this.saveCustomValues(company, customValues, manager);

    if (!company.narc) {
      const contacts = await this.upsertContacts(client, company, created, manager);
      const eligible = isEligibleForDeal({
        status: company.tc2_status,
        created: company.created,
        paidInvoiceCount: company.paid_invoice_count,
        hasSalesPerson: true, // checked above: a client without one is refused
      });
      if (withDeal && eligible) await this.deals.getOrCreateOpenDeal(company, manager, contacts.at(-1)?.id ?? null);
    }
    // For a narc company the job purges it from Pipedrive instead of syncing it.
    await this.pipedrive.enqueueCompanySync(company.id, manager);
  }

  /** TC2 admin ids → Admin ids; an id Hermes does not know is the caller's mistake, so 422 naming it. */
  private async resolveAdmins(
    client: AgencyClient,
    field: string,
    manager: EntityManager,
  ): Promise<{ sales_person_id: number | null; support_person_id: number | null; bdr_person_id: number | null }> {
    const resolved = { sales_person_id: null as number | null, support_person_id: null as number | null, bdr_person_id: null as number | null };
    const roles = (Object.keys(ADMIN_COLUMNS) as AdminRole[]).filter((role) => client[role]);
    const ids = roles.map((role) => client[role]!.id);
    const admins = ids.length ? await manager.find(Admin, { select: { id: true, tc2_admin_id: true }, where: { tc2_admin_id: In(ids) } }) : [];
    for (const role of roles) {
      const ref = client[role]!;
      const admin = admins.find((a) => a.tc2_admin_id === ref.id);
      if (!admin) throw fieldError(`${field}.${role}.id`, `no admin has TC2 admin id ${ref.id}`);
      resolved[ADMIN_COLUMNS[role]] = admin.id;
    }
    return resolved;
  }

  private companyFields(client: AgencyClient): Partial<Company> {
    const agency = client.meta_agency;
    const pricePlan = parseTc2PricePlan(agency.price_plan);
    if (!pricePlan) this.logger.warn(`TC2 agency ${agency.id} has an unknown price plan ${JSON.stringify(agency.price_plan)}: using payg`);
    return {
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
    };
  }

  /**
   * Company custom fields fed from TC2 extra attrs (§6), read afresh on every request: those with a
   * Hermes column are set on the company; the rest are returned as values to store in rows.
   * TC2 sends every extra attr each time, so a field without a value has had it cleared.
   */
  private async applyExtraAttrs(
    company: Company,
    extraAttrs: Tc2ExtraAttrDto[],
    manager: EntityManager,
  ): Promise<Map<CustomField, string | null>> {
    const fields = await manager.find(CustomField, { where: { linked_object_type: 'Company' } });
    const rowValues = new Map<CustomField, string | null>();
    for (const field of fields) {
      if (!field.tc2_machine_name) continue;
      const attr = extraAttrs.find((a) => a.machine_name === field.tc2_machine_name);
      const value = attr ? cleanExtraAttrValue(attr.machine_name, attr.value) : null;
      // Cut to the column's size: free text in TC2 must not make the whole webhook fail.
      if (field.hermes_field_name) {
        if (value !== null) (company as unknown as Record<string, unknown>)[field.hermes_field_name] = value.slice(0, COLUMN_MAX);
      } else {
        rowValues.set(field, value?.slice(0, CUSTOM_FIELD_VALUE_MAX) ?? null);
      }
    }
    return rowValues;
  }

  /** Writes only the rows whose value changed: TC2 resends every extra attr on every event. */
  private async saveCustomValues(company: Company, values: Map<CustomField, string | null>, manager: EntityManager): Promise<void> {
    if (!values.size) return;
    const rows = await manager.findBy(CustomFieldValue, { company_id: company.id });
    for (const [field, value] of values) {
      const row = rows.find((r) => r.custom_field_id === field.id);
      if ((row?.value ?? null) === value) continue;
      if (value === null) await manager.delete(CustomFieldValue, row!.id);
      else if (row) await manager.update(CustomFieldValue, row.id, { value });
      else await manager.insert(CustomFieldValue, { custom_field_id: field.id, company_id: company.id, value });
    }
  }

  /** Each paid recipient is a Contact (by `tc2_sr_id`); the client user's phone is theirs too. */
  private async upsertContacts(client: AgencyClient, company: Company, companyCreated: boolean, manager: EntityManager): Promise<Contact[]> {
    const userEmail = client.user.email || client.paid_recipients.find((r) => r.email)?.email || null;
    const contacts: Contact[] = [];
    const ids = client.paid_recipients.map((r) => r.id);
    const known = ids.length ? await manager.findBy(Contact, { tc2_sr_id: In(ids) }) : [];
    for (const [index, recipient] of client.paid_recipients.entries()) {
      // On sign-up the account owner is the first recipient, whose email TC2 may only hold on the user.
      const email = recipient.email || (index === 0 && companyCreated ? userEmail : null);
      const existing = known.find((c) => c.tc2_sr_id === recipient.id);
      const fields = {
        tc2_sr_id: recipient.id,
        first_name: recipient.first_name,
        last_name: recipient.last_name,
        email,
        phone: client.user.phone,
        company_id: company.id,
      };
      const unchanged = existing && (Object.keys(fields) as (keyof typeof fields)[]).every((key) => existing[key] === fields[key]);
      contacts.push(unchanged ? existing : await manager.save(existing ? manager.merge(Contact, existing, fields) : manager.create(Contact, fields)));
    }
    return contacts;
  }
}

/** Why an event changes nothing in Hermes, for the webhook log. */
function ignoredReason(event: Tc2EventDto): string {
  if (event.action === 'AGREE_TERMS') return 'terms agreed: nothing to update';
  if (event.subject.model === 'Invoice') return "the invoice's client is gone or is not an agency's";
  if (event.subject.model !== 'Client') return `Hermes does not process ${event.subject.model} events`;
  return 'the client is not an agency owner (no meta_agency)';
}
