import { Injectable } from '@nestjs/common';
import { Company, CustomField } from '@hermes/database';
import { EntityManager } from 'typeorm';
import { CustomValuesService } from '../custom-fields/custom-values.service';
import { OutboundSyncService } from '../sync/outbound-sync.service';
import { PipedriveSnapshotsService } from '../sync/pipedrive-snapshots.service';
import { appliedOutcome, ChangedFields, ChangeOutcome, PipedriveChange, pipedriveFieldsOf } from './pipedrive-change';
import { adminByOwner, findLinked, followMerge, link } from './pipedrive-links';
import { idOf } from './pipedrive-values.util';

/** Company fields TC2 owns: an edit in Pipedrive is put back (docs/field-ownership.md). */
export const TC2_OWNED_COMPANY_FIELDS = new Set(['signup_questionnaire', 'tc2_status', 'paid_invoice_count', 'tc2_cligency_url']);

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
    const lastSent = company.id === undefined ? null : await this.snapshots.lastSent('organization', company.id, change.pdId, manager);
    const changed = new ChangedFields(change, lastSent, isNew);

    if (changed.sets('name') && typeof data.name === 'string' && data.name.trim()) company.name = data.name.trim().slice(0, 255);
    if (changed.sets('owner_id', { learnAs: idOf })) {
      if (owner) company.sales_person_id = owner.id;
      else notes.push(`owner ${JSON.stringify(data.owner_id)} is not a Hermes admin: sales person unchanged`);
    }
    const columnFields = companyFields.filter((field) => field.hermes_field_name && field.hermes_field_name !== 'id');
    // TC2's fields are not taken from Pipedrive: an edit there is sent back (a new company has none yet).
    const owned = (field: CustomField) => TC2_OWNED_COMPANY_FIELDS.has(field.machine_name ?? '');
    const putBack = isNew ? [] : changed.values(columnFields.filter(owned));
    await this.customValues.setColumns(Company, company, changed.values(columnFields.filter((field) => !owned(field))), manager, notes);

    if (company.pd_removed) Object.assign(company, { pd_removed: null, pd_removed_at: null });
    const relinked = company.pd_org_id !== change.pdId;
    if (relinked) await link(manager, Company, 'pd_org_id', company, change.pdId);
    const columnsChanged = relinked || Object.keys(company).some((key) => !isSame(before[key as keyof Company], company[key as keyof Company]));
    const saved = columnsChanged ? await manager.save(company) : company;
    const rowFields = companyFields.filter((field) => !field.hermes_field_name);
    const valuesChanged = await this.customValues.saveRows({ company_id: saved.id }, changed.values(rowFields), manager, notes);

    // Pipedrive is told what it should hold: the Hermes id of a new or merged organization, TC2's fields.
    const hermesIdWrong = found.hermesIdWrong && hermesIdKey !== undefined;
    if (hermesIdWrong) changed.learnt.custom_fields[hermesIdKey!] = data[hermesIdKey!] ?? null;
    if (!isNew) await this.snapshots.learn(manager, 'organization', saved.id, change.pdId, changed.learnt);
    const mustPush = isNew || hermesIdWrong || putBack.length > 0;
    if (mustPush) await this.sync.pipedrive(saved.id, manager);
    const anyChange = columnsChanged || valuesChanged > 0;
    if (anyChange && saved.tc2_agency_id) await this.sync.tc2(saved, manager);

    if (putBack.length) notes.push(`${putBack.map(({ field }) => field.machine_name).join(', ')}: TC2's, changed in Pipedrive: put back`);
    return appliedOutcome({ hermesId: saved.id, companyId: saved.id }, { isNew, changed: anyChange, mustPush, fields: changed.names(fields) }, notes, 'company');
  }

  /**
   * The company is kept, marked, and no longer pushed to Pipedrive until someone restores it: a
   * deleted organization must not come back on TC2's next event. TC2 hears it has no organization.
   */
  private async delete(change: PipedriveChange, manager: EntityManager): Promise<ChangeOutcome> {
    if (change.mergedToId) {
      return followMerge(manager, Company, 'pd_org_id', change, 'company', (absorbed) => this.markRemoved(absorbed, 'merged', manager));
    }
    // Only the company linked to this very organization: a copy carrying its hermes_id changes nothing.
    const company = await manager.findOneBy(Company, { pd_org_id: change.pdId });
    if (!company) return { outcome: 'ignored', reason: `Hermes has no company linked to organization ${change.pdId}` };
    await this.markRemoved(company, 'deleted', manager);
    return { outcome: 'applied', hermesId: company.id, companyId: company.id, reason: 'organization deleted in Pipedrive: company kept, no longer synced until restored' };
  }

  private async markRemoved(company: Company, removal: 'deleted' | 'merged', manager: EntityManager): Promise<void> {
    await manager.update(Company, company.id, { pd_removed: removal, pd_removed_at: new Date(), pd_org_id: null });
    await this.sync.tc2(company, manager);
  }
}

function isSame(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return JSON.stringify(a) === JSON.stringify(b);
}
