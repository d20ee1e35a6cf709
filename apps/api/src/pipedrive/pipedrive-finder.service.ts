import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Company, Contact, CustomField } from '@hermes/database';
import { DataSource, Not } from 'typeorm';
import { HermesConfig } from '../config/hermes-config';
import { PipedriveLinksService } from '../core/sync/pipedrive-links.service';
import { fieldsOf, hermesIdField } from './custom-field-values.util';
import { PdCustomFields, PipedriveClient } from './pipedrive.client';
import { tc2CligencyUrl } from '../core/record-urls.util';

/**
 * Finds the Pipedrive object a Hermes object already has but is not linked to, before one is
 * created: one an earlier attempt created before it could record the id (a worker killed, a
 * timeout after Pipedrive had acted), or one sales made by hand. Objects linked to another Hermes
 * object are never taken, so one Pipedrive object keeps one Hermes link.
 */
@Injectable()
export class PipedriveFinderService {
  private readonly logger = new Logger(PipedriveFinderService.name);

  constructor(
    private readonly config: HermesConfig,
    private readonly pipedrive: PipedriveClient,
    private readonly links: PipedriveLinksService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** By the `hermes_id` field, then the TC2 cligency URL field, then the contacts' emails, then their phones. */
  async findOrganization(company: Company, contacts: Contact[], customFields: readonly CustomField[]): Promise<number | null> {
    const idField = hermesIdField(customFields, 'Company');
    if (idField) {
      for (const hit of await this.pipedrive.searchOrganizations(String(company.id), ['custom_fields'])) {
        if (!(await this.organizationFree(hit.id, company.id))) continue;
        // The search matches the id in any custom field (a paid invoice count, say): check it is this one.
        const org = await this.pipedrive.getOrganization(hit.id);
        if (holdsHermesId(org.custom_fields, idField.pd_field_id!, company.id)) {
          return this.found('organization', hit.id, 'hermes_id', company.id);
        }
      }
    }

    const url = tc2CligencyUrl(this.config.tc2.baseUrl, company.tc2_cligency_id);
    const urlField = fieldsOf(customFields, 'Company').some((field) => field.hermes_field_name === 'tc2_cligency_url');
    if (url && urlField) {
      for (const hit of await this.pipedrive.searchOrganizations(url, ['custom_fields'])) {
        if (await this.organizationFree(hit.id, company.id)) return this.found('organization', hit.id, 'TC2 cligency URL', company.id);
      }
    }

    for (const field of ['email', 'phone'] as const) {
      for (const term of new Set(contacts.map((contact) => contact[field]?.trim()).filter((value): value is string => !!value))) {
        for (const hit of await this.pipedrive.searchPersons(term, [field])) {
          const orgId = hit.organization?.id;
          if (orgId && (await this.organizationFree(orgId, company.id))) {
            return this.found('organization', orgId, `a person's ${field}`, company.id);
          }
        }
      }
    }
    return null;
  }

  /** By the `hermes_id` field, then the email, among persons of the company's organization (or of none). */
  async findPerson(contact: Contact, orgId: number | null, customFields: readonly CustomField[]): Promise<number | null> {
    const idField = hermesIdField(customFields, 'Contact');
    if (idField) {
      for (const hit of await this.pipedrive.searchPersons(String(contact.id), ['custom_fields'])) {
        if (!(await this.personFree(hit.id, contact.id))) continue;
        const person = await this.pipedrive.getPerson(hit.id);
        if (holdsHermesId(person.custom_fields, idField.pd_field_id!, contact.id)) {
          return this.found('person', hit.id, 'hermes_id', contact.id);
        }
      }
    }

    const email = contact.email?.trim();
    if (email) {
      for (const hit of await this.pipedrive.searchPersons(email, ['email'])) {
        const sameOrg = (hit.organization?.id ?? null) === null || hit.organization?.id === orgId;
        if (sameOrg && (await this.personFree(hit.id, contact.id))) return this.found('person', hit.id, 'email', contact.id);
      }
    }
    return null;
  }

  /** Neither linked to another company nor gone: a deleted organization's person still names it. */
  private async organizationFree(orgId: number, companyId: number): Promise<boolean> {
    if (await this.links.isGone('organization', orgId)) return false;
    return !(await this.dataSource.manager.existsBy(Company, { pd_org_id: orgId, id: Not(companyId) }));
  }

  private async personFree(personId: number, contactId: number): Promise<boolean> {
    if (await this.links.isGone('person', personId)) return false;
    return !(await this.dataSource.manager.existsBy(Contact, { pd_person_id: personId, id: Not(contactId) }));
  }

  private found(kind: string, pdId: number, by: string, hermesId: number): number {
    this.logger.log(`Found Pipedrive ${kind} ${pdId} by ${by} for Hermes object ${hermesId}`);
    return pdId;
  }
}

/** Whether the field holds this id: a number, or text such as "55839, 53670" left by a merge in Pipedrive. */
function holdsHermesId(customFields: PdCustomFields, key: string, id: number): boolean {
  const value = customFields[key];
  if (typeof value === 'number') return value === id;
  return typeof value === 'string' && value.split(',').some((part) => Number(part.trim()) === id);
}
