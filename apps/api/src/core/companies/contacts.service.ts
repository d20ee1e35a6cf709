import { Injectable } from '@nestjs/common';
import { Company, Contact } from '@hermes/database';
import { EntityManager, In } from 'typeorm';
import { Tc2ClientInput } from './tc2-client';

/** Contacts as TC2 and the callbooker make them. */
@Injectable()
export class ContactsService {
  /**
   * Each paid recipient of a TC2 client is a Contact (by `tc2_sr_id`); the client user's phone is
   * theirs too. On sign-up the account owner is the first recipient, whose email TC2 may hold only
   * on the user (or on another recipient). Unchanged contacts are not written.
   */
  async upsertFromTc2(client: Tc2ClientInput, company: Company, companyCreated: boolean, manager: EntityManager): Promise<Contact[]> {
    const userEmail = client.user.email || client.recipients.find((r) => r.email)?.email || null;
    const ids = client.recipients.map((r) => r.id);
    const known = ids.length ? await manager.findBy(Contact, { tc2_sr_id: In(ids) }) : [];
    const contacts: Contact[] = [];
    for (const [index, recipient] of client.recipients.entries()) {
      const existing = known.find((c) => c.tc2_sr_id === recipient.id);
      const fields = {
        tc2_sr_id: recipient.id,
        first_name: recipient.first_name,
        last_name: recipient.last_name,
        email: recipient.email || (index === 0 && companyCreated ? userEmail : null),
        phone: client.user.phone,
        company_id: company.id,
      };
      const unchanged = existing && (Object.keys(fields) as (keyof typeof fields)[]).every((key) => existing[key] === fields[key]);
      contacts.push(unchanged ? existing : await manager.save(existing ? manager.merge(Contact, existing, fields) : manager.create(Contact, fields)));
    }
    return contacts;
  }
}
