import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Company, CustomField } from '@hermes/database';
import { DataSource, EntityManager } from 'typeorm';
import { AdminsService } from '../admins/admins.service';
import { CustomValuesService, FieldValue } from '../custom-fields/custom-values.service';
import { HermesError } from '../hermes-error';
import { OutboundSyncService } from '../sync/outbound-sync.service';
import { ContactsService } from './contacts.service';
import { isEligibleForDeal } from './deal-eligibility.util';
import { DealsService } from './deals.service';
import { Tc2ClientInput } from './tc2-client';

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
  ) {}

  /**
   * The Company of a TC2 client, created or brought up to date, in `manager`'s transaction: its
   * columns and custom fields from TC2, its three people, its contacts, an open deal when the account
   * is a new lead (unless `withDeal` is false), and its Pipedrive sync (a `narc` company's purge).
   */
  async upsertFromTc2(client: Tc2ClientInput, manager: EntityManager, { withDeal = true } = {}): Promise<Company> {
    const admins = await this.admins.resolveTc2Admins(client.admins, client.field, manager);
    if (admins.sales_person_id === null) {
      const { agencyId, columns } = client;
      throw new HermesError('missing-sales-person', `Company (ID: ${agencyId}, Name: ${columns.name}) must have a sales_person, Please add one in TC2`);
    }

    const existing = await this.companyOfTc2Client(client, manager);
    let company = manager.merge(Company, existing ?? manager.create(Company), {
      ...client.columns,
      tc2_agency_id: client.agencyId,
      // A null associated_admin or bdr_person in TC2 clears the link here too.
      ...admins,
      sales_person_id: admins.sales_person_id,
      has_signed_up: true,
    });
    const notes: string[] = [];
    const values = tc2Values(await manager.find(CustomField, { where: { linked_object_type: 'Company' } }), client.extraAttrs);
    await this.customValues.setColumns(Company, company, values, manager, notes);
    company = await manager.save(company);
    await this.customValues.saveRows({ company_id: company.id }, values, manager, notes);
    if (notes.length) this.logger.warn(`TC2 agency ${client.agencyId}: ${notes.join('; ')}`);

    if (!company.narc) {
      const contacts = await this.contacts.upsertFromTc2(client, company, !existing, manager);
      const eligible = isEligibleForDeal({
        status: company.tc2_status,
        created: company.created,
        paidInvoiceCount: company.paid_invoice_count,
        hasSalesPerson: true, // checked above: a client without one is refused
      });
      if (withDeal && eligible) await this.deals.getOrCreateOpenDeal(company, manager, contacts.at(-1)?.id ?? null);
    }
    // For a narc company the job purges it from Pipedrive instead of syncing it.
    await this.sync.pipedrive(company.id, manager);
    return company;
  }

  /**
   * The company of the client's meta agency, else the one of the client itself (its agency is new
   * to Hermes). TC2's ids are TC2's to give: another company holding this client id loses it.
   */
  private async companyOfTc2Client(client: Tc2ClientInput, manager: EntityManager): Promise<Company | null> {
    const cligencyId = client.columns.tc2_cligency_id;
    const ofAgency = await manager.findOneBy(Company, { tc2_agency_id: client.agencyId });
    if (!ofAgency) return cligencyId === null ? null : manager.findOneBy(Company, { tc2_cligency_id: cligencyId });
    if (cligencyId !== null && ofAgency.tc2_cligency_id !== cligencyId) {
      await manager.update(Company, { tc2_cligency_id: cligencyId }, { tc2_cligency_id: null });
    }
    return ofAgency;
  }

  /**
   * The Company of a TC2 client Hermes does not have yet, saved as a webhook would save it but
   * without a deal (a support link is not a sale), in a transaction of its own.
   */
  adoptTc2Client(client: Tc2ClientInput): Promise<Company> {
    return this.dataSource.transaction((manager) => this.upsertFromTc2(client, manager, { withDeal: false }));
  }

  async findByTc2Cligency(cligencyId: number): Promise<Company | null> {
    return this.dataSource.manager.findOneBy(Company, { tc2_cligency_id: cligencyId });
  }

  /** A client deleted in TC2: its Company goes, and by cascade its contacts, deals, meetings and values. */
  async deleteTc2Client(cligencyId: number, manager: EntityManager): Promise<void> {
    const result = await manager.delete(Company, { tc2_cligency_id: cligencyId });
    if (result.affected) this.logger.log(`Deleted the company of TC2 client ${cligencyId} with its contacts, deals and meetings`);
  }
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
