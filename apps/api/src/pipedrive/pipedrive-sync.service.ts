import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Admin, Company, Contact, CustomField, Deal, Meeting } from '@hermes/database';
import { DataSource, In, IsNull, Not } from 'typeorm';
import { HermesConfig } from '../config/hermes-config';
import { LinkedObjectKind, PipedriveLinksService } from '../core/sync/pipedrive-links.service';
import { PipedriveSnapshotsService } from '../core/sync/pipedrive-snapshots.service';
import { SyncOutcomesService } from '../core/sync/sync-outcomes.service';
import { activityPayload } from './activity-payload.util';
import { changedFields, PdPayload } from './changed-fields.util';
import {
  CompanyRecords, DealLinks, dealLinks, dealPayloadOf, LinkedPayload, linkedPayloads, loadCompanyRecords, organizationPayloadOf, PayloadContext,
  personPayloadOf,
} from './company-payloads';
import { PdDealInput, PdOrganizationInput, PdPersonInput, PipedriveClient } from './pipedrive.client';
import { PipedriveGoneError } from './pipedrive.errors';
import { PipedriveFinderService } from './pipedrive-finder.service';
import { SyncStatusFieldService } from './sync-status-field.service';

/** One Hermes object to bring up to date in Pipedrive. */
interface Push<P extends PdPayload> {
  companyId: number;
  /** To name the custom fields written, for the company's timeline. */
  customFields: CustomField[];
  type: LinkedObjectKind;
  hermesId: number;
  /** The Pipedrive id Hermes has for it, if any. */
  pdId: number | null;
  payload: P;
  create(payload: P): Promise<{ id: number }>;
  update(pdId: number, changes: Partial<P>): Promise<unknown>;
  /** Looks for an existing Pipedrive object to link before creating one. */
  find?(): Promise<number | null>;
}

/** What every object of one company's sync needs. */
interface CompanyScope extends PayloadContext {
  records: CompanyRecords;
}

/**
 * Pushes a Company to Pipedrive: its Organization, each Contact's Person, its open
 * Deals with their inherited custom fields, and an Activity for each new Meeting; a `narc`
 * company is purged from Pipedrive instead. Everything, custom fields included, is read afresh
 * from the database on each run, so changes made in the SPA apply at once.
 *
 * What was last sent is kept per object (PipedriveSnapshotsService): an unchanged object costs no request,
 * a changed one a PATCH of the changed fields. A new object costs one request, its create: each
 * create is recorded before it is sent and the new id written as soon as Pipedrive returns it, so
 * only a run interrupted between the two leaves a record behind, and the next run then searches for
 * the organization or person it may have made instead of making it twice (docs/architecture.md,
 * "Creating in Pipedrive"). Deals and activities cannot be searched for: only a crash at that moment
 * could repeat one.
 */
@Injectable()
export class PipedriveSyncService {
  private readonly logger = new Logger(PipedriveSyncService.name);

  constructor(
    private readonly config: HermesConfig,
    private readonly pipedrive: PipedriveClient,
    private readonly finder: PipedriveFinderService,
    private readonly snapshots: PipedriveSnapshotsService,
    private readonly links: PipedriveLinksService,
    private readonly outcomes: SyncOutcomesService,
    private readonly statusField: SyncStatusFieldService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** What the job runs. A company deleted since it was queued has nothing left to push. */
  async syncCompany(companyId: number): Promise<void> {
    const company = await this.dataSource.manager.findOneBy(Company, { id: companyId });
    if (!company) return;
    if (company.narc) return this.purgeCompany(company);
    // Deleted or merged away in Pipedrive: not pushed again until restored.
    if (company.pd_removed) return;
    const scope = await this.scopeOf(company);
    const { contacts, deals } = scope.records;

    const orgId = (await this.push(this.organizationPush(scope)))!;
    const personIds = new Map<number, number>();
    for (const contact of contacts) personIds.set(contact.id, (await this.push(this.personPush(scope, contact, orgId)))!);

    // Only open deals are sent: nothing Hermes sends can re-open a deal won or lost in Pipedrive.
    const dealIds = new Map(deals.map((deal) => [deal.id, deal.pd_deal_id]));
    for (const deal of deals.filter((d) => d.status === 'open')) {
      dealIds.set(deal.id, await this.push(this.dealPush(scope, deal, dealLinks(scope.records, deal, orgId, personIds))));
    }
    for (const deal of deals.filter((d) => d.status === 'lost' && d.pd_deal_id)) await this.sendLost(deal);

    await this.createActivities(company.id, contacts, { orgId, personIds, dealIds });
    await this.outcomes.synced(company.id);
    await this.statusField.synced({ ...company, pd_org_id: orgId });
  }

  /**
   * What Hermes holds for each company's objects linked in Pipedrive (its organization, persons and
   * open deals), as a sync would send them, the companies' records read together: for `hermes
   * reconcile` to compare with Pipedrive.
   */
  async linkedPayloads(companies: Company[]): Promise<Map<number, LinkedPayload[]>> {
    const context = await this.payloadContext();
    const records = await loadCompanyRecords(this.dataSource.manager, companies);
    return new Map([...records].map(([companyId, companyRecords]) => [companyId, linkedPayloads(companyRecords, context)]));
  }

  /** The company's sync used up its retries: the SPA and the organization in Pipedrive say so. */
  async syncFailedForGood(companyId: number, error: Error): Promise<void> {
    await this.outcomes.failedForGood(companyId, error.message);
    const company = await this.dataSource.manager.findOneBy(Company, { id: companyId });
    if (company) await this.statusField.failed(company, error);
  }

  /** Everything a company's sync reads, afresh from the database. */
  private async scopeOf(company: Company): Promise<CompanyScope> {
    const context = await this.payloadContext();
    const records = (await loadCompanyRecords(this.dataSource.manager, [company])).get(company.id)!;
    return { records, ...context };
  }

  /** What every company's payloads are built with besides its records, afresh from the database. */
  async payloadContext(): Promise<PayloadContext> {
    return { customFields: await this.dataSource.manager.find(CustomField), tc2BaseUrl: this.config.tc2.baseUrl };
  }

  /** Only a deal can be gone for good (null): an organization is made again. */
  private organizationPush(scope: CompanyScope): Push<PdPayload> {
    const { company, contacts } = scope.records;
    const { customFields } = scope;
    return {
      companyId: company.id,
      customFields,
      type: 'organization',
      hermesId: company.id,
      pdId: company.pd_org_id,
      payload: organizationPayloadOf(scope.records, scope),
      create: (payload) => this.pipedrive.createOrganization(payload as PdOrganizationInput),
      update: (id, changes) => this.pipedrive.updateOrganization(id, changes),
      find: () => this.finder.findOrganization(company, contacts, customFields),
    };
  }

  private personPush(scope: CompanyScope, contact: Contact, orgId: number): Push<PdPayload> {
    return {
      companyId: scope.records.company.id,
      customFields: scope.customFields,
      type: 'person',
      hermesId: contact.id,
      pdId: contact.pd_person_id,
      payload: personPayloadOf(scope.records, contact, orgId, scope),
      create: (payload) => this.pipedrive.createPerson(payload as PdPersonInput),
      update: (id, changes) => this.pipedrive.updatePerson(id, changes),
      find: () => this.finder.findPerson(contact, orgId, scope.customFields),
    };
  }

  /** An open deal, its inherited custom fields refreshed from the company. */
  private dealPush(scope: CompanyScope, deal: Deal, links: DealLinks): Push<PdPayload> {
    return {
      companyId: scope.records.company.id,
      customFields: scope.customFields,
      type: 'deal',
      hermesId: deal.id,
      pdId: deal.pd_deal_id,
      payload: dealPayloadOf(scope.records, deal, links, scope),
      create: (p) => this.pipedrive.createDeal(p as PdDealInput),
      update: (id, changes) => this.pipedrive.updateDeal(id, changes),
    };
  }

  /**
   * A deal Hermes closed as lost (its TC2 client ended) while it was open in Pipedrive: Pipedrive is
   * told, once. Read first: a deal won or lost there meanwhile is not overwritten.
   */
  private async sendLost(deal: Deal): Promise<void> {
    const last = await this.snapshots.lastSent<PdPayload & { status?: string }>('deal', deal.id, deal.pd_deal_id!);
    // Never sent by Hermes, or already lost as far as it knows: Pipedrive's own doing.
    if (!last || last.status === 'lost') return;
    try {
      if ((await this.pipedrive.getDeal(deal.pd_deal_id!)).status === 'open') {
        await this.pipedrive.updateDeal(deal.pd_deal_id!, { status: 'lost' });
        await this.written(deal.company_id, 'deal', deal.pd_deal_id!, 'update', ['status']);
      }
    } catch (error) {
      if (!(error instanceof PipedriveGoneError)) throw error;
    }
    await this.snapshots.save(this.dataSource.manager, 'deal', deal.id, deal.pd_deal_id!, { ...last, status: 'lost' });
  }

  /**
   * Brings one object up to date in Pipedrive; returns its Pipedrive id. An object that answers
   * 404/410 is gone for good: it is recorded so no search picks it again, and made again once; a
   * gone deal is marked deleted instead (null).
   */
  private async push<P extends PdPayload>(push: Push<P>): Promise<number | null> {
    if (push.pdId !== null) {
      const changes = changedFields(await this.snapshots.lastSent<P>(push.type, push.hermesId, push.pdId), push.payload);
      if (!changes) return push.pdId;
      try {
        await push.update(push.pdId, changes);
        await this.snapshots.save(this.dataSource.manager, push.type, push.hermesId, push.pdId, push.payload);
        await this.written(push.companyId, push.type, push.pdId, 'update', fieldNames(changes, push.customFields));
        return push.pdId;
      } catch (error) {
        if (!(error instanceof PipedriveGoneError)) throw error;
        await this.dataSource.transaction(async (manager) => {
          await this.links.gone(manager, push.type, push.hermesId, push.pdId!);
          await this.snapshots.remove(manager, push.type, push.hermesId);
        });
        if (push.type === 'deal') {
          this.logger.warn(`Pipedrive deal ${push.pdId} is gone: deal ${push.hermesId} marked deleted`);
          return null;
        }
        this.logger.warn(`Pipedrive ${push.type} ${push.pdId} is gone; creating it again`);
      }
    }

    // A search costs a request (of Pipedrive's scarcer search budget): only worth it when an earlier
    // create may have reached Pipedrive without its id being saved here.
    const { earlier } = await this.links.attemptCreate(push.type, push.hermesId);
    const found = earlier ? await push.find?.() : null;
    if (found) {
      // Linked first: should the update fail, the next run patches it rather than searching again.
      await this.dataSource.transaction(async (manager) => {
        await this.links.link(manager, push.type, push.hermesId, found);
        await this.links.created(manager, push.type, push.hermesId);
      });
      await push.update(found, push.payload);
      await this.snapshots.save(this.dataSource.manager, push.type, push.hermesId, found, push.payload);
      await this.written(push.companyId, push.type, found, 'link', fieldNames(push.payload, push.customFields));
      return found;
    }

    const created = await push.create(push.payload);
    await this.dataSource.transaction(async (manager) => {
      await this.links.link(manager, push.type, push.hermesId, created.id);
      await this.links.created(manager, push.type, push.hermesId);
      await this.snapshots.save(manager, push.type, push.hermesId, created.id, push.payload);
    });
    await this.written(push.companyId, push.type, created.id, 'create', fieldNames(push.payload, push.customFields));
    this.logger.log(`Created Pipedrive ${push.type} ${created.id} for Hermes object ${push.hermesId}`);
    return created.id;
  }

  /**
   * One Activity per Meeting, made once: a meeting without a snapshot has none yet. Activities are
   * not updated afterwards (Pipedrive users mark them done, add notes, reschedule them).
   */
  private async createActivities(
    companyId: number,
    contacts: Contact[],
    links: { orgId: number; personIds: Map<number, number>; dealIds: Map<number, number | null> },
  ): Promise<void> {
    if (!contacts.length) return;
    const meetings = await this.dataSource.manager.find(Meeting, {
      where: { contact_id: In(contacts.map((contact) => contact.id)), status: Not('CANCELED') },
      order: { id: 'ASC' },
    });
    const done = await this.snapshots.recorded('activity', meetings.map((meeting) => meeting.id));
    const fresh = meetings.filter((meeting) => !done.has(meeting.id));
    const admins = await this.admins(fresh.map((meeting) => meeting.admin_id));
    for (const meeting of fresh) {
      const payload = activityPayload({
        meeting,
        admin: admins.get(meeting.admin_id)!,
        personId: links.personIds.get(meeting.contact_id) ?? null,
        orgId: links.orgId,
        dealId: (meeting.deal_id && links.dealIds.get(meeting.deal_id)) ?? null,
      });
      const activity = await this.pipedrive.createActivity(payload);
      await this.snapshots.save(this.dataSource.manager, 'activity', meeting.id, activity.id, payload);
      await this.written(companyId, 'activity', activity.id, 'create', Object.keys(payload));
    }
  }

  /**
   * A `narc` company is taken out of Pipedrive: its deals, persons and organization are deleted
   * there (already gone is fine) and unlinked here, each as soon as it is deleted.
   */
  private async purgeCompany(company: Company): Promise<void> {
    const manager = this.dataSource.manager;
    for (const deal of await manager.findBy(Deal, { company_id: company.id, pd_deal_id: Not(IsNull()) })) {
      await this.purge(company.id, 'deal', deal.id, deal.pd_deal_id!, () => this.pipedrive.deleteDeal(deal.pd_deal_id!));
    }
    for (const contact of await manager.findBy(Contact, { company_id: company.id, pd_person_id: Not(IsNull()) })) {
      await this.purge(company.id, 'person', contact.id, contact.pd_person_id!, () => this.pipedrive.deletePerson(contact.pd_person_id!));
    }
    if (company.pd_org_id) {
      await this.purge(company.id, 'organization', company.id, company.pd_org_id, () => this.pipedrive.deleteOrganization(company.pd_org_id!));
    }
  }

  private async purge(companyId: number, type: LinkedObjectKind, hermesId: number, pdId: number, remove: () => Promise<void>): Promise<void> {
    try {
      await remove();
    } catch (error) {
      if (!(error instanceof PipedriveGoneError)) throw error;
    }
    await this.dataSource.transaction(async (manager) => {
      await this.links.link(manager, type, hermesId, null);
      await this.snapshots.remove(manager, type, hermesId);
    });
    await this.written(companyId, type, pdId, 'delete', []);
  }

  /** A write that reached Pipedrive, for the company's timeline. */
  private written(companyId: number, object: string, pdId: number, action: string, fields: string[]): Promise<void> {
    return this.outcomes.recordWrite({ company_id: companyId, system: 'pipedrive', object, external_id: String(pdId), action, fields, outcome: 'ok' });
  }

  private async admins(ids: number[]): Promise<Map<number, Admin>> {
    const admins = await this.dataSource.manager.findBy(Admin, { id: In([...new Set(ids)]) });
    return new Map(admins.map((admin) => [admin.id, admin]));
  }
}

/** The fields of a payload by their names in Pipedrive: custom fields by the names their CustomFields give them. */
function fieldNames(payload: Partial<PdPayload>, customFields: CustomField[]): string[] {
  const { custom_fields: custom, ...standard } = payload as { custom_fields?: Record<string, unknown> };
  const names = new Map(customFields.map((field) => [field.pd_field_id, field.name]));
  return [...Object.keys(standard), ...Object.keys(custom ?? {}).map((key) => names.get(key) ?? key)];
}
