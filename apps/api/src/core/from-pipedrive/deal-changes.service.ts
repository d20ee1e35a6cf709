import { Injectable } from '@nestjs/common';
import { Company, Contact, CustomField, Deal, DEAL_STATUSES, DealStatus, Pipeline, Stage } from '@hermes/database';
import { EntityManager } from 'typeorm';
import { CustomValuesService } from '../custom-fields/custom-values.service';
import { OutboundSyncService } from '../sync/outbound-sync.service';
import { PipedriveSnapshotsService } from '../sync/pipedrive-snapshots.service';
import { appliedOutcome, ChangedFields, ChangeOutcome, PipedriveChange, pipedriveFieldsOf } from './pipedrive-change';
import { adminByOwner, companyOfOrganization, findLinked, followMerge, link } from './pipedrive-links';
import { idOf } from './pipedrive-values.util';

/** Deals → Deals. */
@Injectable()
export class DealChangesService {
  constructor(
    private readonly snapshots: PipedriveSnapshotsService,
    private readonly customValues: CustomValuesService,
    private readonly sync: OutboundSyncService,
  ) {}

  async apply(change: PipedriveChange, fields: CustomField[], manager: EntityManager): Promise<ChangeOutcome> {
    if (change.action === 'delete') return this.delete(change, manager);
    const { objectFields: dealFields, hermesIdKey } = pipedriveFieldsOf(fields, 'Deal');
    const data = change.data!;
    const notes: string[] = [];

    const company = await companyOfOrganization(manager, change);
    if (!(company instanceof Company)) return company;
    const found = await findLinked(manager, Deal, 'pd_deal_id', change, hermesIdKey);
    const isNew = !found.object;
    const deal = found.object ?? manager.create(Deal, { company_id: company.id });
    const before = JSON.stringify(deal);
    const lastSent = deal.id === undefined ? null : await this.snapshots.lastSent('deal', deal.id, change.pdId, manager);
    const changed = new ChangedFields(change, lastSent, isNew);
    deal.company_id = company.id;

    if (changed.sets('title') && typeof data.title === 'string') deal.name = data.title.slice(0, 255);
    if (changed.sets('status')) {
      if (DEAL_STATUSES.includes(data.status as DealStatus)) deal.status = data.status as DealStatus;
      else notes.push(`status ${JSON.stringify(data.status)} is not one Hermes knows`);
    }
    if (changed.sets('owner_id', { learnAs: idOf })) {
      const owner = await adminByOwner(manager, idOf(data.owner_id));
      if (owner) deal.admin_id = owner.id;
      else {
        notes.push(`owner ${JSON.stringify(data.owner_id)} is not a Hermes admin: ${isNew ? "the company's sales person used" : 'admin unchanged'}`);
        deal.admin_id ??= company.sales_person_id;
      }
    }
    if (changed.sets('person_id', { learnAs: idOf })) {
      const personId = idOf(data.person_id);
      deal.contact_id = personId === null ? null : ((await manager.findOneBy(Contact, { pd_person_id: personId }))?.id ?? null);
    }
    if (changed.sets('pipeline_id', { learnAs: idOf })) {
      const pipeline = await manager.findOneBy(Pipeline, { pd_pipeline_id: idOf(data.pipeline_id) ?? -1 });
      if (pipeline) deal.pipeline_id = pipeline.id;
      else notes.push(`pipeline ${JSON.stringify(data.pipeline_id)} is not in Hermes`);
    }
    if (changed.sets('stage_id', { learnAs: idOf })) {
      const stage = await manager.findOneBy(Stage, { pd_stage_id: idOf(data.stage_id) ?? -1 });
      if (stage) deal.stage_id = stage.id;
      else notes.push(`stage ${JSON.stringify(data.stage_id)} is not in Hermes`);
    }
    deal.admin_id ??= company.sales_person_id;
    if (isNew && (!deal.pipeline_id || !deal.stage_id)) {
      return { outcome: 'rejected', reason: `${notes.join('; ')}: a deal needs a pipeline and stage Hermes knows (run setup)` };
    }

    await link(manager, Deal, 'pd_deal_id', deal, change.pdId);
    const columnsChanged = JSON.stringify(deal) !== before;
    const saved = columnsChanged ? await manager.save(deal) : deal;

    const companyMachineNames = new Set(
      fields.filter((field) => field.linked_object_type === 'Company' && field.machine_name !== 'hermes_id').map((field) => field.machine_name),
    );
    // Inherited fields (docs/field-ownership.md) copy the company's value: a change made in Pipedrive is put back.
    const isInherited = (field: CustomField) =>
      !field.hermes_field_name && !field.tc2_machine_name && companyMachineNames.has(field.machine_name);
    // Only an existing deal's edits are put back: a new deal's values are Pipedrive's to give.
    const putBack = isNew ? [] : changed.values(dealFields.filter(isInherited));
    const rowFields = dealFields.filter((field) => !field.hermes_field_name && !isInherited(field));
    const valuesChanged = await this.customValues.saveRows({ deal_id: saved.id }, changed.values(rowFields), manager, notes);

    const hermesIdWrong = found.hermesIdWrong && hermesIdKey !== undefined;
    if (hermesIdWrong) changed.learnt.custom_fields[hermesIdKey!] = data[hermesIdKey!] ?? null;
    if (!isNew) await this.snapshots.learn(manager, 'deal', saved.id, change.pdId, changed.learnt);
    const mustPush = isNew || hermesIdWrong || putBack.length > 0;
    if (mustPush) await this.sync.pipedrive(company.id, manager);
    const anyChange = columnsChanged || valuesChanged > 0;
    if (anyChange && company.tc2_agency_id) await this.sync.tc2(company, manager);

    if (putBack.length) notes.push('fields Hermes owns were changed in Pipedrive: put back');
    return appliedOutcome({ hermesId: saved.id, companyId: company.id }, { isNew, changed: anyChange, mustPush, fields: changed.names(fields) }, notes, 'deal');
  }

  /**
   * The deal is kept, marked deleted (so TC2's next event does not make another): its company,
   * contacts and meetings stay; TC2 hears the company's deals changed.
   */
  private async delete(change: PipedriveChange, manager: EntityManager): Promise<ChangeOutcome> {
    if (change.mergedToId) return followMerge(manager, Deal, 'pd_deal_id', change, 'deal');
    const deal = await manager.findOneBy(Deal, { pd_deal_id: change.pdId });
    if (!deal) return { outcome: 'ignored', reason: `Hermes has no deal linked to deal ${change.pdId}` };
    await manager.update(Deal, deal.id, { status: 'deleted', pd_deal_id: null });
    const company = await manager.findOneByOrFail(Company, { id: deal.company_id });
    if (company.tc2_agency_id) await this.sync.tc2(company, manager);
    return { outcome: 'applied', hermesId: deal.id, companyId: deal.company_id, reason: 'deal deleted in Pipedrive: marked deleted' };
  }
}
