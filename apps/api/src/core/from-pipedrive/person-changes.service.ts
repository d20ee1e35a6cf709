import { Injectable } from '@nestjs/common';
import { Company, Contact, CustomField } from '@hermes/database';
import { EntityManager } from 'typeorm';
import { splitName } from '../../common/person-name.util';
import { CustomValuesService } from '../custom-fields/custom-values.service';
import { OutboundSyncService } from '../sync/outbound-sync.service';
import { PipedriveSnapshotsService } from '../sync/pipedrive-snapshots.service';
import { appliedOutcome, ChangeOutcome, PipedriveChange, pipedriveFieldsOf, sets, valuesSet } from './pipedrive-change';
import { companyOfOrganization, findLinked, followMerge, link } from './pipedrive-links';
import { primaryValue } from './pipedrive-values.util';

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
    contact.company_id = company.id;
    if (sets(change, 'name', isNew)) {
      const { first_name, last_name } = splitName(data.name);
      Object.assign(contact, { first_name: clip(first_name), last_name: clip(last_name) });
    }
    if (sets(change, 'emails', isNew) || sets(change, 'email', isNew)) contact.email = clip(primaryValue(data.emails ?? data.email));
    if (sets(change, 'phones', isNew) || sets(change, 'phone', isNew)) contact.phone = clip(primaryValue(data.phones ?? data.phone));
    await link(manager, Contact, 'pd_person_id', contact, change.pdId);
    const columnsChanged = JSON.stringify(contact) !== before;
    const saved = columnsChanged ? await manager.save(contact) : contact;

    const notes: string[] = [];
    const rowFields = contactFields.filter((field) => !field.hermes_field_name);
    const valuesChanged = await this.customValues.saveRows({ contact_id: saved.id }, valuesSet(change, rowFields, isNew), manager, notes);
    const mustPush =
      isNew ||
      (found.hermesIdWrong &&
        hermesIdKey !== undefined &&
        (await this.snapshots.learnPipedriveValues(manager, 'person', saved.id, change.pdId, { [hermesIdKey]: data[hermesIdKey] ?? null })));
    if (mustPush) await this.sync.pipedrive(company.id, manager);

    const changed = columnsChanged || valuesChanged > 0;
    return appliedOutcome(saved.id, { isNew, changed, mustPush }, notes, 'contact');
  }

  private async delete(change: PipedriveChange, manager: EntityManager): Promise<ChangeOutcome> {
    if (change.mergedToId) return followMerge(manager, Contact, 'pd_person_id', change, 'contact');
    const contact = await manager.findOneBy(Contact, { pd_person_id: change.pdId });
    if (!contact) return { outcome: 'ignored', reason: `Hermes has no contact linked to person ${change.pdId}` };
    await manager.delete(Contact, contact.id);
    return { outcome: 'applied', hermesId: contact.id, reason: 'contact deleted' };
  }
}

/** Contact columns are varchar(255). */
function clip(value: string | null): string | null {
  return value === null ? null : value.slice(0, 255);
}
