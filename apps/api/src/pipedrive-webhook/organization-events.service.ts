import { Injectable } from '@nestjs/common';
import { Admin, Company, CustomField } from '@hermes/database';
import { EntityManager } from 'typeorm';
import { PipedriveSnapshots } from '../pipedrive/pipedrive-snapshots.service';
import { PipedriveSyncService } from '../pipedrive/pipedrive-sync.service';
import { Tc2SyncService } from '../tc2/tc2-sync.service';
import { idOf } from './pipedrive-webhook-fields.util';
import { adminByOwner, appliedOutcome, applyCustomFieldValues, EventOutcome, findLinked, followMerge, hermesValue, link, pipedriveFieldsOf, sets, WebhookEvent } from './webhook-event';

/** Owned by Hermes and TC2: a change made in Pipedrive is put back. */
const REVERTED = new Set(['signup_questionnaire']);

/** Organization events → Companies (SPEC.md §7.2). */
@Injectable()
export class OrganizationEvents {
  constructor(
    private readonly snapshots: PipedriveSnapshots,
    private readonly pipedriveSync: PipedriveSyncService,
    private readonly tc2Sync: Tc2SyncService,
  ) {}

  async apply(event: WebhookEvent, fields: CustomField[], manager: EntityManager): Promise<EventOutcome> {
    if (event.action === 'delete') return this.delete(event, manager);
    const { objectFields: companyFields, hermesIdKey } = pipedriveFieldsOf(fields, 'Company');
    const data = event.data!;
    const notes: string[] = [];

    const found = await findLinked(manager, Company, 'pd_org_id', event, hermesIdKey);
    const isNew = !found.object;
    const owner = await adminByOwner(manager, idOf(data.owner_id));
    if (isNew && !owner) {
      return { outcome: 'rejected', reason: `owner ${JSON.stringify(data.owner_id)} is not a Hermes admin: a company needs a sales person` };
    }
    const company = found.object ?? manager.create(Company, { name: '', sales_person_id: owner!.id });
    const before = { ...company };

    if (sets(event, 'name', isNew) && typeof data.name === 'string' && data.name.trim()) company.name = data.name.trim().slice(0, 255);
    if (sets(event, 'owner_id', isNew)) {
      if (owner) company.sales_person_id = owner.id;
      else notes.push(`owner ${JSON.stringify(data.owner_id)} is not a Hermes admin: sales person unchanged`);
    }
    const reverted: Record<string, unknown> = {};
    for (const field of companyFields.filter((f) => f.hermes_field_name && f.hermes_field_name !== 'id')) {
      const key = field.pd_field_id!;
      if (!sets(event, key, isNew)) continue;
      if (REVERTED.has(field.machine_name ?? '')) {
        // Only an edit: a create is Pipedrive echoing what a sync made, or an organization new to Hermes.
        if (event.action === 'change' && !isNew) reverted[key] = data[key];
        continue;
      }
      await this.applyColumn(company, field, data[key], manager, notes);
    }

    const relinked = company.pd_org_id !== event.pdId;
    if (relinked) await link(manager, Company, 'pd_org_id', company, event.pdId);
    const columnsChanged = relinked || Object.keys(company).some((key) => !isSame(before[key as keyof Company], company[key as keyof Company]));
    const saved = columnsChanged ? await manager.save(company) : company;
    const valuesChanged = await applyCustomFieldValues(
      manager,
      { company_id: saved.id },
      companyFields.filter((field) => !field.hermes_field_name),
      event,
      isNew,
      notes,
    );

    // Pipedrive is told what it should hold: the Hermes id of a new or merged organization, reverted fields.
    if (found.hermesIdWrong && hermesIdKey) reverted[hermesIdKey] = data[hermesIdKey] ?? null;
    const mustPush =
      isNew ||
      (Object.keys(reverted).length > 0 &&
        (await this.snapshots.learnPipedriveValues(manager, 'organization', saved.id, event.pdId, reverted)));
    if (mustPush) await this.pipedriveSync.enqueueCompanySync(saved.id, manager);
    const changed = columnsChanged || valuesChanged > 0;
    if (changed && saved.tc2_agency_id) await this.tc2Sync.enqueueClientUpdate(saved, manager);

    if (Object.keys(reverted).length && mustPush) notes.push('fields Hermes owns were changed in Pipedrive: put back');
    return appliedOutcome(saved.id, { isNew, changed, mustPush }, notes, 'company');
  }

  /** Sets a Company column from a field with a hermes field name; fk fields name Admins by Hermes id. */
  private async applyColumn(company: Company, field: CustomField, raw: unknown, manager: EntityManager, notes: string[]): Promise<void> {
    const metadata = manager.connection.getMetadata(Company);
    const name = field.field_type === 'fk_field' ? `${field.hermes_field_name}_id` : field.hermes_field_name!;
    const column = metadata.findColumnWithPropertyName(name);
    // Derived values (e.g. tc2_cligency_url) have no column to set.
    if (!column || column.isPrimary) return;
    const converted = hermesValue(field.field_type, raw);
    if (converted === 'invalid') {
      notes.push(`${field.machine_name}: ${JSON.stringify(raw)} is not a valid ${field.field_type}`);
      return;
    }
    let value = converted.value;
    if (value === null && !column.isNullable) return;
    if (field.field_type === 'fk_field' && value !== null && !(await manager.existsBy(Admin, { id: value as number }))) {
      notes.push(`${field.machine_name}: admin ${value} does not exist`);
      return;
    }
    if (typeof value === 'string' && column.length) value = value.slice(0, Number(column.length));
    (company as unknown as Record<string, unknown>)[name] = value;
  }

  private async delete(event: WebhookEvent, manager: EntityManager): Promise<EventOutcome> {
    if (event.mergedToId) return followMerge(manager, Company, 'pd_org_id', event, 'company');
    // Only the company linked to this very organization: a copy carrying its hermes_id deletes nothing.
    const company = await manager.findOneBy(Company, { pd_org_id: event.pdId });
    if (!company) return { outcome: 'ignored', reason: `Hermes has no company linked to organization ${event.pdId}` };
    // TC2 must stop pointing at the organization before the company (and its deals) go.
    await this.tc2Sync.enqueueClientUnlink(company, manager);
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
