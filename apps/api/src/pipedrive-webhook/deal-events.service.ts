import { Injectable } from '@nestjs/common';
import { Company, Contact, CustomField, Deal, DEAL_STATUSES, DealStatus, Pipeline, Stage } from '@hermes/database';
import { EntityManager } from 'typeorm';
import { PipedriveSnapshots } from '../pipedrive/pipedrive-snapshots.service';
import { PipedriveSyncService } from '../pipedrive/pipedrive-sync.service';
import { Tc2SyncService } from '../tc2/tc2-sync.service';
import { idOf } from './pipedrive-webhook-fields.util';
import { adminByOwner, appliedOutcome, applyCustomFieldValues, companyOfOrganization, EventOutcome, findLinked, followMerge, link, pipedriveFieldsOf, sets, WebhookEvent } from './webhook-event';

/** Deal events → Deals (SPEC.md §7.2). */
@Injectable()
export class DealEvents {
  constructor(
    private readonly snapshots: PipedriveSnapshots,
    private readonly pipedriveSync: PipedriveSyncService,
    private readonly tc2Sync: Tc2SyncService,
  ) {}

  async apply(event: WebhookEvent, fields: CustomField[], manager: EntityManager): Promise<EventOutcome> {
    if (event.action === 'delete') return this.delete(event, manager);
    const { objectFields: dealFields, hermesIdKey } = pipedriveFieldsOf(fields, 'Deal');
    const data = event.data!;
    const notes: string[] = [];

    const company = await companyOfOrganization(manager, event);
    if (!(company instanceof Company)) return company;
    const found = await findLinked(manager, Deal, 'pd_deal_id', event, hermesIdKey);
    const isNew = !found.object;
    const deal = found.object ?? manager.create(Deal, { company_id: company.id });
    const before = JSON.stringify(deal);
    deal.company_id = company.id;

    if (sets(event, 'title', isNew) && typeof data.title === 'string') deal.name = data.title.slice(0, 255);
    if (sets(event, 'status', isNew)) {
      if (DEAL_STATUSES.includes(data.status as DealStatus)) deal.status = data.status as DealStatus;
      else notes.push(`status ${JSON.stringify(data.status)} is not one Hermes knows`);
    }
    if (sets(event, 'owner_id', isNew)) {
      const owner = await adminByOwner(manager, idOf(data.owner_id));
      if (owner) deal.admin_id = owner.id;
      else {
        notes.push(`owner ${JSON.stringify(data.owner_id)} is not a Hermes admin: ${isNew ? "the company's sales person used" : 'admin unchanged'}`);
        deal.admin_id ??= company.sales_person_id;
      }
    }
    if (sets(event, 'person_id', isNew)) {
      const personId = idOf(data.person_id);
      deal.contact_id = personId === null ? null : ((await manager.findOneBy(Contact, { pd_person_id: personId }))?.id ?? null);
    }
    if (sets(event, 'pipeline_id', isNew)) {
      const pipeline = await manager.findOneBy(Pipeline, { pd_pipeline_id: idOf(data.pipeline_id) ?? -1 });
      if (pipeline) deal.pipeline_id = pipeline.id;
      else notes.push(`pipeline ${JSON.stringify(data.pipeline_id)} is not in Hermes`);
    }
    if (sets(event, 'stage_id', isNew)) {
      const stage = await manager.findOneBy(Stage, { pd_stage_id: idOf(data.stage_id) ?? -1 });
      if (stage) deal.stage_id = stage.id;
      else notes.push(`stage ${JSON.stringify(data.stage_id)} is not in Hermes`);
    }
    deal.admin_id ??= company.sales_person_id;
    if (isNew && (!deal.pipeline_id || !deal.stage_id)) {
      return { outcome: 'rejected', reason: `${notes.join('; ')}: a deal needs a pipeline and stage Hermes knows (run setup)` };
    }

    await link(manager, Deal, 'pd_deal_id', deal, event.pdId);
    const columnsChanged = JSON.stringify(deal) !== before;
    const saved = columnsChanged ? await manager.save(deal) : deal;

    const companyMachineNames = new Set(
      fields.filter((field) => field.linked_object_type === 'Company' && field.machine_name !== 'hermes_id').map((field) => field.machine_name),
    );
    // Inherited fields (SPEC.md §6) copy the company's value: a change made in Pipedrive is put back.
    const isInherited = (field: CustomField) =>
      !field.hermes_field_name && !field.tc2_machine_name && companyMachineNames.has(field.machine_name);
    const reverted: Record<string, unknown> = {};
    if (event.action === 'change' && !isNew) {
      for (const field of dealFields.filter(isInherited)) {
        if (sets(event, field.pd_field_id!, false)) reverted[field.pd_field_id!] = data[field.pd_field_id!] ?? null;
      }
    }
    const valuesChanged = await applyCustomFieldValues(
      manager,
      { deal_id: saved.id },
      dealFields.filter((field) => !field.hermes_field_name && !isInherited(field)),
      event,
      isNew,
      notes,
    );

    if (found.hermesIdWrong && hermesIdKey) reverted[hermesIdKey] = data[hermesIdKey] ?? null;
    const mustPush =
      isNew ||
      (Object.keys(reverted).length > 0 && (await this.snapshots.learnPipedriveValues(manager, 'deal', saved.id, event.pdId, reverted)));
    if (mustPush) await this.pipedriveSync.enqueueCompanySync(company.id, manager);
    const changed = columnsChanged || valuesChanged > 0;
    if (changed && company.tc2_agency_id) await this.tc2Sync.enqueueClientUpdate(company, manager);

    if (Object.keys(reverted).length && mustPush && !isNew) notes.push('fields Hermes owns were changed in Pipedrive: put back');
    return appliedOutcome(saved.id, { isNew, changed, mustPush }, notes, 'deal');
  }

  /** Only the deal goes: its company, contacts and meetings stay; TC2 hears the deal stage is gone. */
  private async delete(event: WebhookEvent, manager: EntityManager): Promise<EventOutcome> {
    if (event.mergedToId) return followMerge(manager, Deal, 'pd_deal_id', event, 'deal');
    const deal = await manager.findOneBy(Deal, { pd_deal_id: event.pdId });
    if (!deal) return { outcome: 'ignored', reason: `Hermes has no deal linked to deal ${event.pdId}` };
    await manager.delete(Deal, deal.id);
    const company = await manager.findOneByOrFail(Company, { id: deal.company_id });
    if (company.tc2_agency_id) await this.tc2Sync.enqueueClientUpdate(company, manager);
    return { outcome: 'applied', hermesId: deal.id, reason: 'deal deleted' };
  }
}
