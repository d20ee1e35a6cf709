import { Injectable } from '@nestjs/common';
import { Company, CustomField } from '@hermes/database';
import { EntityManager } from 'typeorm';
import { CustomValuesService } from '../custom-fields/custom-values.service';
import { OutboundSyncService } from '../sync/outbound-sync.service';
import { PipedriveSnapshotsService } from '../sync/pipedrive-snapshots.service';
import { appliedOutcome, ChangeOutcome, PipedriveChange, pipedriveFieldsOf, sets, valuesSet } from './pipedrive-change';
import { adminByOwner, findLinked, followMerge, link } from './pipedrive-links';
import { idOf } from './pipedrive-values.util';

/** Owned by Hermes and TC2: a change made in Pipedrive is put back (docs/field-ownership.md). */
const REVERTED = new Set(['signup_questionnaire']);

/** Organizations → Companies. */
@Injectable()
export class OrganizationChangesService {
  constructor(
    private readonly snapshots: PipedriveSnapshotsService,
    private readonly customValues: CustomValuesService,
    private readonly sync: OutboundSyncService,
  ) {}

  async apply(change: PipedriveChange, fields: CustomField[], manager: EntityManager): Promise<ChangeOutcome> {
    if (change.action === 'delete') return this.delete(change, manager);
    const { objectFields: companyFields, hermesIdKey } = pipedriveFieldsOf(fields, 'Company');
    const data = change.data!;
    const notes: string[] = [];

    const found = await findLinked(manager, Company, 'pd_org_id', change, hermesIdKey);
    const isNew = !found.object;
    const owner = await adminByOwner(manager, idOf(data.owner_id));
    if (isNew && !owner) {
      return { outcome: 'rejected', reason: `owner ${JSON.stringify(data.owner_id)} is not a Hermes admin: a company needs a sales person` };
    }
    const company = found.object ?? manager.create(Company, { name: '', sales_person_id: owner!.id });
    const before = { ...company };

    if (sets(change, 'name', isNew) && typeof data.name === 'string' && data.name.trim()) company.name = data.name.trim().slice(0, 255);
    if (sets(change, 'owner_id', isNew)) {
      if (owner) company.sales_person_id = owner.id;
      else notes.push(`owner ${JSON.stringify(data.owner_id)} is not a Hermes admin: sales person unchanged`);
    }
    const reverted: Record<string, unknown> = {};
    const columnFields = companyFields.filter((field) => field.hermes_field_name && field.hermes_field_name !== 'id');
    const columnValues = valuesSet(change, columnFields, isNew).filter(({ field }) => {
      if (!REVERTED.has(field.machine_name ?? '')) return true;
      // Only an edit: a create is Pipedrive echoing what a sync made, or an organization new to Hermes.
      if (change.action === 'change' && !isNew) reverted[field.pd_field_id!] = data[field.pd_field_id!];
      return false;
    });
    await this.customValues.setColumns(Company, company, columnValues, manager, notes);

    const relinked = company.pd_org_id !== change.pdId;
    if (relinked) await link(manager, Company, 'pd_org_id', company, change.pdId);
    const columnsChanged = relinked || Object.keys(company).some((key) => !isSame(before[key as keyof Company], company[key as keyof Company]));
    const saved = columnsChanged ? await manager.save(company) : company;
    const rowFields = companyFields.filter((field) => !field.hermes_field_name);
    const valuesChanged = await this.customValues.saveRows({ company_id: saved.id }, valuesSet(change, rowFields, isNew), manager, notes);

    // Pipedrive is told what it should hold: the Hermes id of a new or merged organization, reverted fields.
    if (found.hermesIdWrong && hermesIdKey) reverted[hermesIdKey] = data[hermesIdKey] ?? null;
    const mustPush =
      isNew ||
      (Object.keys(reverted).length > 0 &&
        (await this.snapshots.learnPipedriveValues(manager, 'organization', saved.id, change.pdId, reverted)));
    if (mustPush) await this.sync.pipedrive(saved.id, manager);
    const changed = columnsChanged || valuesChanged > 0;
    if (changed && saved.tc2_agency_id) await this.sync.tc2(saved, manager);

    if (Object.keys(reverted).length && mustPush) notes.push('fields Hermes owns were changed in Pipedrive: put back');
    return appliedOutcome(saved.id, { isNew, changed, mustPush }, notes, 'company');
  }

  private async delete(change: PipedriveChange, manager: EntityManager): Promise<ChangeOutcome> {
    if (change.mergedToId) return followMerge(manager, Company, 'pd_org_id', change, 'company');
    // Only the company linked to this very organization: a copy carrying its hermes_id deletes nothing.
    const company = await manager.findOneBy(Company, { pd_org_id: change.pdId });
    if (!company) return { outcome: 'ignored', reason: `Hermes has no company linked to organization ${change.pdId}` };
    // TC2 must stop pointing at the organization before the company (and its deals) go.
    await this.sync.tc2Unlink(company, manager);
    await manager.delete(Company, company.id);
    return {
      outcome: 'applied',
      hermesId: company.id,
      reason: company.tc2_cligency_id ? 'company deleted; TC2 client unlinked from Pipedrive' : 'company deleted',
    };
  }
}

function isSame(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return JSON.stringify(a) === JSON.stringify(b);
}
