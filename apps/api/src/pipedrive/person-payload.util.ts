import { Contact, CustomField } from '@hermes/database';
import { customFieldsPayload, fieldsOf } from './custom-field-values.util';
import { contactDetails } from '../core/from-pipedrive/pipedrive-values.util';
import { PdPersonInput } from './pipedrive.client';

export interface PersonPayloadInput {
  contact: Contact;
  /** The company's organization. */
  orgId: number | null;
  /** The company's sales person's Pipedrive user id. */
  ownerId: number | null;
  /** Every custom field; the Contact ones are used. */
  customFields: readonly CustomField[];
  /** The contact's `customfieldvalue` rows: custom field id → value. */
  values: ReadonlyMap<number, string | null>;
}

/**
 * The Person a Contact is in Pipedrive. Emails and phones are always sent, empty when Hermes has
 * none, so that removing one in Hermes removes it in Pipedrive too.
 */
export function personPayload(input: PersonPayloadInput): PdPersonInput {
  const { contact } = input;
  const payload: PdPersonInput = {
    name: personName(contact),
    emails: contactDetails(contact.email),
    phones: contactDetails(contact.phone),
  };
  if (input.orgId !== null) payload.org_id = input.orgId;
  if (input.ownerId !== null) payload.owner_id = input.ownerId;
  payload.custom_fields = customFieldsPayload(fieldsOf(input.customFields, 'Contact'), { columns: contact, values: input.values });
  return payload;
}

/** "First Last", as v2; Pipedrive requires a name, so a contact without one is named by what Hermes has. */
export function personName(contact: Pick<Contact, 'id' | 'first_name' | 'last_name' | 'email' | 'phone'>): string {
  const name = [contact.first_name, contact.last_name].map((part) => part?.trim()).filter(Boolean).join(' ');
  return name || contact.email?.trim() || contact.phone?.trim() || `Contact ${contact.id}`;
}
