import { Injectable } from '@nestjs/common';
import { Company, Contact } from '@hermes/database';
import { EntityManager } from 'typeorm';
import { tc2Changed, Tc2SnapshotsService, WithTc2Snapshot } from '../sync/tc2-snapshots.service';
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
   * recipient). Unchanged contacts are not written (`changed`: whether any was). `known`: the
   * recipients' contacts as `ofTc2Recipients` read them.
   */
  async upsertFromTc2(client: Tc2ClientInput, company: Company, companyCreated: boolean, known: WithTc2Snapshot<Contact>[], manager: EntityManager): Promise<{ contacts: Contact[]; changed: boolean }> {
    const userEmail = client.user.email || client.recipients.find((r) => r.email)?.email || null;
    const contacts: Contact[] = [];
    let changed = false;
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
      const unchanged = JSON.stringify(contact) === before;
      const saved = unchanged ? contact : await manager.save(contact);
      const sentChanged = !last || TC2_CONTACT_FIELDS.some((key) => tc2Changed(last, key, sent[key]));
      if (sentChanged) await this.tc2Snapshots.save(manager, 'contact', saved.id, sent);
      changed ||= !unchanged || sentChanged;
      contacts.push(saved);
    }
    return { contacts, changed };
  }

  /** The contacts of the client's recipients, each with what TC2 last sent for it, in one query. */
  async ofTc2Recipients(client: Tc2ClientInput, manager: EntityManager): Promise<WithTc2Snapshot<Contact>[]> {
    const ids = client.recipients.map((r) => r.id);
    if (!ids.length) return [];
    return this.tc2Snapshots.findWithSnapshots(manager, Contact, 'contact', (query) => query.where('record.tc2_sr_id IN (:...ids)', { ids }));
  }
}
