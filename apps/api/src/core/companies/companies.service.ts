import { isDeepStrictEqual } from 'node:util';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Company, Contact, CustomField, Deal, PRICE_PLANS } from '@hermes/database';
import { DataSource, EntityManager } from 'typeorm';
import { AdminsService, TC2_ADMIN_ROLES, Tc2AdminRole } from '../admins/admins.service';
import { CustomValuesService, FieldValue } from '../custom-fields/custom-values.service';
import { HermesError } from '../hermes-error';
import { EventClockService } from '../sync/event-clock.service';
import { OutboundSyncService } from '../sync/outbound-sync.service';
import { SyncOutcomesService } from '../sync/sync-outcomes.service';
import { tc2Changed, tc2JsonValue, Tc2SnapshotsService, WithTc2Snapshot } from '../sync/tc2-snapshots.service';
import { ContactsService } from './contacts.service';
import { isEligibleForDeal } from './deal-eligibility.util';
import { DealsService } from './deals.service';
import { Tc2ClientInput, Tc2CompanyColumns } from './tc2-client';
import { UnchangedResendsService } from './unchanged-resends.service';

/**
 * Companies as TC2 tells Hermes about them: each TC2 client's company, its contacts and, for new
 * accounts, a deal; then the Pipedrive sync they need (see docs/architecture.md, "TC2 webhooks").
 */
@Injectable()
export class CompaniesService {
  private readonly logger = new Logger(CompaniesService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly admins: AdminsService,
    private readonly contacts: ContactsService,
    private readonly deals: DealsService,
    private readonly customValues: CustomValuesService,
    private readonly sync: OutboundSyncService,
    private readonly clock: EventClockService,
    private readonly tc2Snapshots: Tc2SnapshotsService,
    private readonly outcomes: SyncOutcomesService,
    private readonly resends: UnchangedResendsService,
  ) {}

  /**
   * The Company of a TC2 client, created or brought up to date, in `manager`'s transaction: its
   * columns and custom fields from TC2, its three people, its contacts, an open deal when the account
   * is a new lead (unless `withDeal` is false, or it has had a deal that closed), and its Pipedrive
   * sync (a `narc` company's purge). A field changes only when TC2's own value for it changed since
   * TC2 last sent it, so what a salesperson edits in Pipedrive survives TC2's resends; an event older
   * than one already applied for this client changes nothing (`stale`). A client that ended (narc,
   * terminated) has its open deals lost. See docs/field-ownership.md. `beforeTurn` runs once the
   * client's records are read, before its turn on the event clock, with the company they found.
   * An upsert that changed nothing is remembered for its resends (`UnchangedResendsService`).
   */
  async upsertFromTc2(
    client: Tc2ClientInput,
    manager: EntityManager,
    { withDeal = true, beforeTurn }: { withDeal?: boolean; beforeTurn?: (company: Company | null) => Promise<void> } = {},
  ): Promise<{ company: Company | null; stale: boolean; fields: string[] }> {
    const cligencyId = client.columns.tc2_cligency_id!;
    // Admitting the event takes this client's turn on the event clock, held until commit: its other
    // events wait for it. So what the event decides from is read before its turn, and again under it
    // only if another event of the client changed it meanwhile: a resend that changes nothing holds
    // the turn for its clock's statement alone. An unknown admin is refused only once the event is
    // known not stale.
    const adminsOrRefusal = await this.admins.resolveTc2Admins(client.admins, client.field, manager).then(
      (resolved) => () => resolved,
      (error: unknown) => () => {
        throw error;
      },
    );
    const fields = await manager.find(CustomField, { where: { linked_object_type: 'Company' } });
    const seen = await this.clock.version(manager, 'tc2', 'client', cligencyId);
    let records = await this.tc2Records(client, manager);
    await beforeTurn?.(records.company.record);
    const turn = await this.clock.turn(manager, 'tc2', 'client', cligencyId, client.sentAt, seen);
    if (turn === 'stale') {
      const company = await manager.findOneBy(Company, { tc2_cligency_id: cligencyId });
      if (company) await this.sync.postponePipedrive(company.id, manager);
      return { company, stale: true, fields: [] };
    }
    const admins = adminsOrRefusal();
    if (admins.sales_person_id === null) {
      const { agencyId, columns } = client;
      throw new HermesError('missing-sales-person', `Company (ID: ${agencyId}, Name: ${columns.name}) must have a sales_person, Please add one in TC2`);
    }
    if (turn === 'disturbed') records = await this.tc2Records(client, manager);

    const { record: existing, last, holderOfClientId } = records.company;
    // TC2's ids are TC2's to give: another company holding this client id loses it.
    if (holderOfClientId) await manager.update(Company, { id: holderOfClientId }, { tc2_cligency_id: null });
    let company = existing ?? manager.create(Company);
    const before: Record<string, unknown> = { ...company };
    for (const [key, value] of Object.entries(client.columns) as [keyof Tc2CompanyColumns, unknown][]) {
      if (tc2Changed(last?.columns as Record<string, unknown>, key, value)) (company as unknown as Record<string, unknown>)[key] = value;
    }
    // A null associated_admin or bdr_person in TC2 clears the link here too.
    for (const role of Object.keys(TC2_ADMIN_ROLES) as Tc2AdminRole[]) {
      if (tc2Changed(last?.admins as Record<string, unknown>, role, client.admins[role] ?? null)) company[TC2_ADMIN_ROLES[role]] = admins[TC2_ADMIN_ROLES[role]]!;
    }
    const changedColumns = Object.keys(company).filter((key) => !isDeepStrictEqual(before[key], (company as unknown as Record<string, unknown>)[key]));
    Object.assign(company, { tc2_agency_id: client.agencyId, tc2_cligency_id: cligencyId, has_signed_up: true });

    const notes: string[] = [];
    const values = tc2Values(fields, client.extraAttrs).filter(({ field, raw }) =>
      tc2Changed(last?.extra_attrs as Record<string, unknown>, field.tc2_machine_name!, raw),
    );
    await this.customValues.setColumns(Company, company, values, manager, notes);
    // Saving reads the row again to compare: not worth a query when TC2 changed none of it.
    const unchanged = existing && Object.keys(company).every((key) => isDeepStrictEqual(before[key], (company as unknown as Record<string, unknown>)[key]));
    if (!unchanged) company = await manager.save(company);
    // Whether this event changed the client's records: its later events' reads before their turn are then out of date.
    let changed = !unchanged || holderOfClientId !== null;
    if ((await this.customValues.saveRows({ company_id: company.id }, values, manager, notes)) > 0) changed = true;
    if (notes.length) this.logger.warn(`TC2 agency ${client.agencyId}: ${notes.join('; ')}`);
    const sent = {
      columns: Object.fromEntries(Object.entries(client.columns).map(([key, value]) => [key, tc2JsonValue(value)])),
      admins: client.admins,
      extra_attrs: Object.fromEntries(client.extraAttrs),
    };
    // jsonb keeps keys in its own order: compared as values.
    if (!isDeepStrictEqual(JSON.parse(JSON.stringify(sent)), last)) {
      await this.tc2Snapshots.save(manager, 'company', company.id, sent);
      changed = true;
    }

    const ended = company.narc || company.tc2_status === 'terminated';
    if (ended && records.deals.some((deal) => deal.status === 'open')) changed = (await this.deals.loseOpenDeals(company.id, manager)) > 0 || changed;
    if (!company.narc) {
      const { contacts, changed: contactsChanged } = await this.contacts.upsertFromTc2(client, company, !existing, records.contacts, manager);
      changed ||= contactsChanged;
      const eligible = isEligibleForDeal({
        status: company.tc2_status,
        created: company.created,
        paidInvoiceCount: company.paid_invoice_count,
        hasSalesPerson: true, // checked above: a client without one is refused
      });
      // A deal won, lost or deleted stays so: TC2 resends its clients every few hours.
      if (withDeal && eligible && !ended) {
        const deal = await this.deals.getOrCreateOpenDealUnlessClosed(company, records.deals, manager, contacts.at(-1)?.id ?? null);
        if (deal && !records.deals.includes(deal)) changed = true;
      }
    }
    if (changed) await this.clock.changed(manager, 'tc2', 'client', cligencyId, client.sentAt);
    // For a narc company the job purges it from Pipedrive instead of syncing it. A resend that changed
    // nothing has nothing to send, unless the company's last sync did not succeed: it is tried again.
    if (changed || !records.synced) await this.sync.pipedrive(company.id, manager);
    // Its resends, while what it read stays as it was, can be answered without the upsert.
    else if (withDeal) await this.resends.remember(manager, client, company.id);
    const fieldNames = [...changedColumns, ...values.map(({ field }) => field.tc2_machine_name!)];
    return { company, stale: false, fields: [...new Set(fieldNames)] };
  }

  /**
   * What the client's upsert decides from: its company, its recipients' contacts, the company's
   * deals, and whether its latest sync to Pipedrive succeeded.
   */
  private async tc2Records(client: Tc2ClientInput, manager: EntityManager): Promise<Tc2ClientRecords> {
    const company = await this.companyOfTc2Client(client, manager);
    const contacts = await this.contacts.ofTc2Recipients(client, manager);
    if (!company.record) return { company, contacts, deals: [], synced: false };
    const deals = await this.deals.ofCompany(company.record.id, manager);
    return { company, contacts, deals, synced: await this.outcomes.lastSucceeded(company.record.id, manager) };
  }

  /**
   * The company of the client's meta agency, else the one of the client itself (its agency is new
   * to Hermes); and another company that holds the client's id, if any (`holderOfClientId`).
   */
  private async companyOfTc2Client(client: Tc2ClientInput, manager: EntityManager): Promise<Tc2ClientRecords['company']> {
    const cligencyId = client.columns.tc2_cligency_id;
    // Both candidates, each with what TC2 last sent for it, in one query.
    const found = await this.tc2Snapshots.findWithSnapshots(manager, Company, 'company', (query) =>
      cligencyId === null
        ? query.where('record.tc2_agency_id = :agencyId', { agencyId: client.agencyId })
        : query.where('record.tc2_agency_id = :agencyId OR record.tc2_cligency_id = :cligencyId', { agencyId: client.agencyId, cligencyId }),
    );
    const ofAgency = found.find(({ record }) => record.tc2_agency_id === client.agencyId);
    if (!ofAgency) return { ...(found.find(({ record }) => record.tc2_cligency_id === cligencyId) ?? { record: null, last: null }), holderOfClientId: null };
    const holder = cligencyId === null ? undefined : found.find(({ record }) => record !== ofAgency.record && record.tc2_cligency_id === cligencyId);
    return { ...ofAgency, holderOfClientId: holder?.record.id ?? null };
  }

  /**
   * The Company of a TC2 client Hermes does not have yet, saved as a webhook would save it but
   * without a deal (a support link is not a sale), in a transaction of its own.
   */
  async adoptTc2Client(client: Tc2ClientInput): Promise<Company> {
    const { company } = await this.dataSource.transaction((manager) => this.upsertFromTc2(client, manager, { withDeal: false }));
    return company!;
  }

  /**
   * A company whose organization was deleted or merged away in Pipedrive goes back: its next sync
   * finds or makes its organization again. Refused for a company that was not removed.
   */
  async restoreToPipedrive(companyId: number): Promise<Company> {
    return this.dataSource.transaction(async (manager) => {
      const company = await manager.findOneBy(Company, { id: companyId });
      if (!company) throw new HermesError('company-not-found', `Company ${companyId} not found`);
      if (!company.pd_removed) throw new HermesError('wrong-state', `Company ${companyId} is not deleted or merged away in Pipedrive`);
      await manager.update(Company, company.id, { pd_removed: null, pd_removed_at: null });
      await this.sync.pipedrive(company.id, manager);
      this.logger.log(`Company ${company.id} restored to Pipedrive (was ${company.pd_removed} there)`);
      return manager.findOneByOrFail(Company, { id: company.id });
    });
  }

  /**
   * What sales ops correct in the SPA, as they did by hand in v2: name, website, price plan, NARC
   * and the three people. Each admin must exist (`unknown-admin`, naming the field). The change
   * goes to Pipedrive; to TC2 too when it touches what TC2 is sent (the people, and columns feeding
   * a TC2 extra attr such as the website). Turning NARC on loses the open deals, as TC2's NARC does
   * (the sync then removes the company from Pipedrive). See docs/field-ownership.md.
   */
  async updateFromAdmin(companyId: number, changes: CompanyAdminChanges): Promise<Company> {
    return this.dataSource.transaction(async (manager) => {
      const company = await manager.findOne(Company, { where: { id: companyId }, lock: { mode: 'pessimistic_write' } });
      if (!company) throw new HermesError('company-not-found', `Company ${companyId} not found`);
      if (changes.name !== undefined && !changes.name.trim()) throw HermesError.field('name', 'must not be empty');
      if (changes.price_plan !== undefined && !PRICE_PLANS.includes(changes.price_plan)) {
        throw HermesError.field('price_plan', `must be one of ${PRICE_PLANS.join(', ')}`);
      }
      await this.admins.checkExist(pickAdmins(changes), manager);

      const changed = (Object.keys(changes) as (keyof CompanyAdminChanges)[]).filter(
        (key) => changes[key] !== undefined && changes[key] !== company[key],
      );
      if (!changed.length) return company;
      const wasNarc = company.narc;
      Object.assign(company, Object.fromEntries(changed.map((key) => [key, changes[key]])));
      const saved = await manager.save(company);

      if (saved.narc && !wasNarc) await this.deals.loseOpenDeals(saved.id, manager, 'marked NARC in the admin SPA');
      await this.sync.pipedrive(saved.id, manager);
      const toTc2 = new Set<string>(Object.values(TC2_ADMIN_ROLES));
      const fields = await manager.find(CustomField, { where: { linked_object_type: 'Company' } });
      for (const field of fields) if (field.tc2_machine_name && field.hermes_field_name) toTc2.add(field.hermes_field_name);
      if (changed.some((key) => toTc2.has(key))) await this.sync.tc2(saved, manager);
      this.logger.log(`Company ${saved.id} edited in the admin SPA: ${changed.join(', ')}`);
      return saved;
    });
  }

  async findByTc2Cligency(cligencyId: number): Promise<Company | null> {
    return this.dataSource.manager.findOneBy(Company, { tc2_cligency_id: cligencyId });
  }

  /** A client deleted in TC2: its Company goes, and by cascade its contacts, deals, meetings and values. */
  async deleteTc2Client(cligencyId: number, sentAt: Date | null, manager: EntityManager): Promise<{ stale: boolean }> {
    if (!(await this.clock.admit(manager, 'tc2', 'client', cligencyId, sentAt))) return { stale: true };
    const result = await manager.delete(Company, { tc2_cligency_id: cligencyId });
    if (!result.affected) return { stale: false };
    // An event of the client that read its records before this turn must read them again.
    await this.clock.changed(manager, 'tc2', 'client', cligencyId, sentAt);
    this.logger.log(`Deleted the company of TC2 client ${cligencyId} with its contacts, deals and meetings`);
    return { stale: false };
  }
}

/** What Hermes holds of a TC2 client, as its upsert reads it. */
interface Tc2ClientRecords {
  company: WithTc2Snapshot<Company | null> & { holderOfClientId: number | null };
  contacts: WithTc2Snapshot<Contact>[];
  deals: Deal[];
  synced: boolean;
}

/** The Company columns the admin SPA may change. */
export type CompanyAdminChanges = Partial<Pick<Company, 'name' | 'website' | 'price_plan' | 'narc' | 'sales_person_id' | 'support_person_id' | 'bdr_person_id'>>;

function pickAdmins(changes: CompanyAdminChanges): Record<string, number | null | undefined> {
  const { sales_person_id, support_person_id, bdr_person_id } = changes;
  return { sales_person_id, support_person_id, bdr_person_id };
}

/**
 * The Company fields TC2 feeds (a TC2 machine name), from the client's extra attrs. TC2 sends every
 * extra attr each time, so a field kept as a row with no value has been cleared; a column is only
 * set from a value (it may have one from the client itself, e.g. the website).
 */
function tc2Values(fields: CustomField[], extraAttrs: ReadonlyMap<string, string | null>): FieldValue[] {
  return fields
    .filter((field) => field.tc2_machine_name)
    .map((field) => ({ field, raw: extraAttrs.get(field.tc2_machine_name!) ?? null }))
    .filter(({ field, raw }) => raw !== null || !field.hermes_field_name);
}
