import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Admin, Company, CustomField, CustomFieldValue, Deal } from '@hermes/database';
import { DataSource, EntityManager, In } from 'typeorm';
import { HermesConfig } from '../config/hermes-config';
import { pipedriveUrl } from '../core/record-urls.util';
import { SyncOutcomesService } from '../core/sync/sync-outcomes.service';
import { Tc2Client, Tc2ClientSavePayload } from './tc2.client';
import { CompanyForTc2, Tc2ExtraAttrValue, tc2ClientPayload } from './tc2-client-payload.util';

/**
 * Pushes a Company back to its TC2 client after changes made in Pipedrive (the `tc2.client-update`
 * job). The job reads the latest state when it runs, so a burst of changes
 * to one company costs one GET and one POST. TC2 allows 100 requests a minute; the client retries
 * its 429s.
 */
@Injectable()
export class Tc2SyncService {
  private readonly logger = new Logger(Tc2SyncService.name);

  constructor(
    private readonly config: HermesConfig,
    private readonly tc2: Tc2Client,
    private readonly outcomes: SyncOutcomesService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async updateClient(companyId: number): Promise<void> {
    const company = await this.dataSource.getRepository(Company).findOneBy({ id: companyId });
    if (!company?.tc2_cligency_id) return;
    const sent = await this.saveClient(company.tc2_cligency_id, await this.companyForTc2(company, this.dataSource.manager));
    if (sent) {
      const fields = [...Object.keys(sent).filter((key) => key !== 'extra_attrs'), ...Object.keys(sent.extra_attrs ?? {})];
      await this.outcomes.recordWrite({ company_id: company.id, system: 'tc2', object: 'client', external_id: String(company.tc2_cligency_id), action: 'update', fields, outcome: 'ok' });
    }
  }

  /** What was sent, or null when the client could not be addressed. */
  private async saveClient(cligencyId: number, company: CompanyForTc2): Promise<Tc2ClientSavePayload | null> {
    const client = await this.tc2.getClient(cligencyId);
    if (!client.user.email) {
      // TC2 finds the client to update by its user's email: without one there is nothing to address.
      this.logger.warn(`TC2 client ${client.id} has no email; not updated from Hermes`);
      return null;
    }
    const payload = tc2ClientPayload(client, company);
    await this.tc2.saveClient(payload);
    return payload;
  }

  private async companyForTc2(company: Company, manager: EntityManager): Promise<CompanyForTc2> {
    // The latest deal, won or lost too (as v2 did, TC2 keeps the stage a deal ended in); not one deleted in Pipedrive.
    const deal = await manager.findOne(Deal, {
      where: { company_id: company.id, status: In(['open', 'won', 'lost']) },
      relations: { stage: true, pipeline: true },
      order: { id: 'DESC' },
    });
    const tc2AdminId = async (id: number | null) =>
      id ? ((await manager.findOneBy(Admin, { id }))?.tc2_admin_id ?? null) : null;
    return {
      pipedriveUrl: pipedriveUrl(this.config.pipedrive.baseUrl, 'organization', company.pd_org_id),
      latestDeal: deal ? { stage: deal.stage!.name, pipeline: deal.pipeline!.name } : null,
      customFields: await this.customFieldValues(company, manager),
      salesPerson: await tc2AdminId(company.sales_person_id),
      supportPerson: await tc2AdminId(company.support_person_id),
      bdrPerson: await tc2AdminId(company.bdr_person_id),
    };
  }

  /** Company custom fields TC2 knows (a TC2 machine name), from their Hermes column or value row. */
  private async customFieldValues(company: Company, manager: EntityManager): Promise<Record<string, Tc2ExtraAttrValue>> {
    const fields = await manager
      .createQueryBuilder(CustomField, 'field')
      .where("field.linked_object_type = 'Company' AND coalesce(field.tc2_machine_name, '') <> ''")
      .getMany();
    const rows = await manager.findBy(CustomFieldValue, { company_id: company.id });
    const values: Record<string, Tc2ExtraAttrValue> = {};
    for (const field of fields) {
      const value = field.hermes_field_name
        ? (company as unknown as Record<string, unknown>)[field.hermes_field_name]
        : rows.find((row) => row.custom_field_id === field.id)?.value;
      values[field.tc2_machine_name!] = toExtraAttr(value);
    }
    return values;
  }
}

/** A value as TC2's extra attrs take it: dates as ISO text, structures (the signup questionnaire) as TC2 sent them. */
function toExtraAttr(value: unknown): Tc2ExtraAttrValue {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return value.toISOString();
  return value as Tc2ExtraAttrValue;
}
