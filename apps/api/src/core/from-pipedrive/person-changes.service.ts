import { Injectable } from '@nestjs/common';
import { Company, Contact, CustomField } from '@hermes/database';
import { EntityManager } from 'typeorm';
import { splitName } from '../../common/person-name.util';
import { CustomValuesService } from '../custom-fields/custom-values.service';
import { OutboundSyncService } from '../sync/outbound-sync.service';
import { PipedriveSnapshotsService } from '../sync/pipedrive-snapshots.service';
import { appliedOutcome, ChangedFields, ChangeOutcome, PipedriveChange, pipedriveFieldsOf } from './pipedrive-change';
import { companyOfOrganization, findLinked, followMerge, link } from './pipedrive-links';
import { contactDetails, primaryValue } from './pipedrive-values.util';

/** Persons → Contacts. */
@Injectable()
export class PersonChangesService {
  constructor(
    private readonly snapshots: PipedriveSnapshotsService,
    private readonly customValues: CustomValuesService,
    private readonly sync: OutboundSyncService,
  ) {}

  async apply(change: PipedriveChange, fields: CustomField[], manager: EntityManager): Promise<ChangeOutcome> {
    if (change.action === 'delete') return this.delete(change, manager);
    const { objectFields: contactFields, hermesIdKey } = pipedriveFieldsOf(fields, 'Contact');
    const data = change.data!;

    const company = await companyOfOrganization(manager, change);
    if (!(company instanceof Company)) return company;

    const found = await findLinked(manager, Contact, 'pd_person_id', change, hermesIdKey);
    const isNew = !found.object;
    const contact = found.object ?? manager.create(Contact, { company_id: company.id });
    const before = JSON.stringify(contact);
    const lastSent = contact.id === undefined ? null : await this.snapshots.lastSent('person', contact.id, change.pdId, manager);
    const changed = new ChangedFields(change, lastSent, isNew);
    contact.company_id = company.id;
    if (changed.sets('name')) {
      const { first_name, last_name } = splitName(data.name);
      Object.assign(contact, { first_name: clip(first_name), last_name: clip(last_name) });
    }
    // `email` and `phone` (plain strings) are older payloads' names for the lists.
    const detail = (value: unknown) => contactDetails(primaryValue(value));
    if (changed.sets('emails', { learnAs: detail }) || changed.sets('email', { learn: false })) contact.email = clip(primaryValue(data.emails ?? data.email));
    if (changed.sets('phones', { learnAs: detail }) || changed.sets('phone', { learn: false })) contact.phone = clip(primaryValue(data.phones ?? data.phone));
    await link(manager, Contact, 'pd_person_id', contact, change.pdId);
    const columnsChanged = JSON.stringify(contact) !== before;
    const saved = columnsChanged ? await manager.save(contact) : contact;

    const notes: string[] = [];
    const rowFields = contactFields.filter((field) => !field.hermes_field_name);
    const valuesChanged = await this.customValues.saveRows({ contact_id: saved.id }, changed.values(rowFields), manager, notes);
    const hermesIdWrong = found.hermesIdWrong && hermesIdKey !== undefined;
    if (hermesIdWrong) changed.learnt.custom_fields[hermesIdKey!] = data[hermesIdKey!] ?? null;
    if (!isNew) await this.snapshots.learn(manager, 'person', saved.id, change.pdId, changed.learnt);
    const mustPush = isNew || hermesIdWrong;
    if (mustPush) await this.sync.pipedrive(company.id, manager);

    const anyChange = columnsChanged || valuesChanged > 0;
    return appliedOutcome({ hermesId: saved.id, companyId: company.id }, { isNew, changed: anyChange, mustPush, fields: changed.names(fields) }, notes, 'contact');
  }

  private async delete(change: PipedriveChange, manager: EntityManager): Promise<ChangeOutcome> {
    if (change.mergedToId) return followMerge(manager, Contact, 'pd_person_id', change, 'contact');
    const contact = await manager.findOneBy(Contact, { pd_person_id: change.pdId });
    if (!contact) return { outcome: 'ignored', reason: `Hermes has no contact linked to person ${change.pdId}` };
    await manager.delete(Contact, contact.id);
    return { outcome: 'applied', hermesId: contact.id, companyId: contact.company_id, reason: 'contact deleted' };
  }
}

/** Contact columns are varchar(255). */
function clip(value: string | null): string | null {
  return value === null ? null : value.slice(0, 255);
}
