import { Injectable } from '@nestjs/common';
import { Company, Contact, CustomField } from '@hermes/database';
import { EntityManager } from 'typeorm';
import { PipedriveSnapshots } from '../pipedrive/pipedrive-snapshots.service';
import { PipedriveSyncService } from '../pipedrive/pipedrive-sync.service';
import { splitName } from '../common/person-name.util';
import { primaryValue } from './pipedrive-webhook-fields.util';
import { appliedOutcome, applyCustomFieldValues, companyOfOrganization, EventOutcome, findLinked, followMerge, link, pipedriveFieldsOf, sets, WebhookEvent } from './webhook-event';

/** Person events → Contacts (SPEC.md §7.2). */
@Injectable()
export class PersonEvents {
  constructor(
    private readonly snapshots: PipedriveSnapshots,
    private readonly pipedriveSync: PipedriveSyncService,
  ) {}

  async apply(event: WebhookEvent, fields: CustomField[], manager: EntityManager): Promise<EventOutcome> {
    if (event.action === 'delete') return this.delete(event, manager);
    const { objectFields: contactFields, hermesIdKey } = pipedriveFieldsOf(fields, 'Contact');
    const data = event.data!;

    const company = await companyOfOrganization(manager, event);
    if (!(company instanceof Company)) return company;

    const found = await findLinked(manager, Contact, 'pd_person_id', event, hermesIdKey);
    const isNew = !found.object;
    const contact = found.object ?? manager.create(Contact, { company_id: company.id });
    const before = JSON.stringify(contact);
    contact.company_id = company.id;
    if (sets(event, 'name', isNew)) {
      const { first_name, last_name } = splitName(data.name);
      Object.assign(contact, { first_name: clip(first_name), last_name: clip(last_name) });
    }
    if (sets(event, 'emails', isNew) || sets(event, 'email', isNew)) contact.email = clip(primaryValue(data.emails ?? data.email));
    if (sets(event, 'phones', isNew) || sets(event, 'phone', isNew)) contact.phone = clip(primaryValue(data.phones ?? data.phone));
    await link(manager, Contact, 'pd_person_id', contact, event.pdId);
    const columnsChanged = JSON.stringify(contact) !== before;
    const saved = columnsChanged ? await manager.save(contact) : contact;

    const notes: string[] = [];
    const valuesChanged = await applyCustomFieldValues(
      manager,
      { contact_id: saved.id },
      contactFields.filter((field) => !field.hermes_field_name),
      event,
      isNew,
      notes,
    );
    const mustPush =
      isNew ||
      (found.hermesIdWrong &&
        hermesIdKey !== undefined &&
        (await this.snapshots.learnPipedriveValues(manager, 'person', saved.id, event.pdId, { [hermesIdKey]: data[hermesIdKey] ?? null })));
    if (mustPush) await this.pipedriveSync.enqueueCompanySync(company.id, manager);

    const changed = columnsChanged || valuesChanged > 0;
    return appliedOutcome(saved.id, { isNew, changed, mustPush }, notes, 'contact');
  }

  private async delete(event: WebhookEvent, manager: EntityManager): Promise<EventOutcome> {
    if (event.mergedToId) return followMerge(manager, Contact, 'pd_person_id', event, 'contact');
    const contact = await manager.findOneBy(Contact, { pd_person_id: event.pdId });
    if (!contact) return { outcome: 'ignored', reason: `Hermes has no contact linked to person ${event.pdId}` };
    await manager.delete(Contact, contact.id);
    return { outcome: 'applied', hermesId: contact.id, reason: 'contact deleted' };
  }
}

/** Contact columns are varchar(255). */
function clip(value: string | null): string | null {
  return value === null ? null : value.slice(0, 255);
}
