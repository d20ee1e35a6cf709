import { Injectable } from '@nestjs/common';
import { Company, Contact } from '@hermes/database';
import { EntityManager } from 'typeorm';
import { tc2Changed, Tc2SnapshotsService } from '../sync/tc2-snapshots.service';
import { Tc2ClientInput } from './tc2-client';

/** What TC2 gives of a contact; the rest (Pipedrive's person, the booking's country) is not TC2's. */
const TC2_CONTACT_FIELDS = ['first_name', 'last_name', 'email', 'phone'] as const;

/** Contacts as TC2 makes them. */
@Injectable()
export class ContactsService {
  constructor(private readonly tc2Snapshots: Tc2SnapshotsService) {}

  /**
   * Each paid recipient of a TC2 client is a Contact (by `tc2_sr_id`); the client user's phone is
   * theirs too. A field changes only when TC2's own value for it changed since TC2 last sent it, so a
   * salesperson's edit in Pipedrive survives TC2's resends (docs/field-ownership.md). On sign-up the
   * account owner is the first recipient, whose email TC2 may hold only on the user (or on another
   * recipient). Unchanged contacts are not written.
   */
  async upsertFromTc2(client: Tc2ClientInput, company: Company, companyCreated: boolean, manager: EntityManager): Promise<Contact[]> {
    const userEmail = client.user.email || client.recipients.find((r) => r.email)?.email || null;
    const ids = client.recipients.map((r) => r.id);
    // The recipients' contacts, each with what TC2 last sent for it, in one query.
    const known = ids.length
      ? await this.tc2Snapshots.findWithSnapshots(manager, Contact, 'contact', (query) => query.where('record.tc2_sr_id IN (:...ids)', { ids }))
      : [];
    const contacts: Contact[] = [];
    for (const [index, recipient] of client.recipients.entries()) {
      const sent = { first_name: recipient.first_name, last_name: recipient.last_name, email: recipient.email, phone: client.user.phone };
      const found = known.find(({ record }) => record.tc2_sr_id === recipient.id);
      const existing = found?.record;
      const last = found?.last ?? null;
      const contact = existing ?? manager.create(Contact, { tc2_sr_id: recipient.id });
      const before = JSON.stringify(contact);
      for (const key of TC2_CONTACT_FIELDS) if (!existing || tc2Changed(last, key, sent[key])) contact[key] = sent[key];
      if (!existing && !contact.email && index === 0 && companyCreated) contact.email = userEmail;
      contact.company_id = company.id;
      const saved = JSON.stringify(contact) === before ? contact : await manager.save(contact);
      if (!last || TC2_CONTACT_FIELDS.some((key) => tc2Changed(last, key, sent[key]))) await this.tc2Snapshots.save(manager, 'contact', saved.id, sent);
      contacts.push(saved);
    }
    return contacts;
  }
}
