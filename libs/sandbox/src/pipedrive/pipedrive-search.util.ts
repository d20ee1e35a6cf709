import { PipedriveApiError } from './pipedrive-api.error';
import { SEARCHABLE_FIELD_TYPES } from './pipedrive-field-rules.util';
import { PipedriveFieldEntity, PipedriveSimRecord } from './pipedrive-sim.types';
import { PipedriveStore } from './pipedrive-store';

export const ORGANIZATION_SEARCH_FIELDS = ['address', 'custom_fields', 'notes', 'name'];
export const PERSON_SEARCH_FIELDS = ['custom_fields', 'email', 'notes', 'phone', 'name'];

export interface SearchQuery {
  term: string;
  fields: string[];
  exactMatch: boolean;
}

/** Reads `term`, `fields` and `exact_match` as `GET /api/v2/{organizations,persons}/search` does. */
export function searchQuery(query: Record<string, unknown>, allowed: string[]): SearchQuery {
  const term = typeof query.term === 'string' ? query.term : '';
  const exactMatch = query.exact_match === 'true';
  // Pipedrive wants 2 characters, or 1 with exact_match.
  if (term.trim().length < (exactMatch ? 1 : 2)) throw new PipedriveApiError(400, 'term must be at least 2 characters (1 with exact_match)');
  const fields = typeof query.fields === 'string' && query.fields ? query.fields.split(',') : allowed;
  const unknown = fields.filter((f) => !allowed.includes(f));
  if (unknown.length) throw new PipedriveApiError(400, `fields: ${unknown.join(', ')} cannot be searched; use ${allowed.join(', ')}`);
  return { term, fields, exactMatch };
}

function matches(candidate: unknown, { term, exactMatch }: SearchQuery): boolean {
  if (candidate === null || candidate === undefined) return false;
  const value = String(candidate).trim().toLowerCase();
  const wanted = term.trim().toLowerCase();
  return exactMatch ? value === wanted : value.includes(wanted);
}

/** The values of the object's searchable custom fields that match, as strings (as Pipedrive lists them). */
function matchingCustomValues(store: PipedriveStore, entity: PipedriveFieldEntity, record: PipedriveSimRecord, query: SearchQuery): string[] {
  const values = (record.custom_fields ?? {}) as Record<string, unknown>;
  return store
    .customFieldsOf(entity)
    .filter((f) => SEARCHABLE_FIELD_TYPES.has(f.field_type) && matches(values[f.field_code], query))
    .map((f) => String(values[f.field_code]));
}

export function searchOrganizations(store: PipedriveStore, query: SearchQuery): { result_score: number; item: Record<string, unknown> }[] {
  return store.all('organization').flatMap((org) => {
    const address = (org.address as { value?: string } | null)?.value ?? null;
    const customValues = query.fields.includes('custom_fields') ? matchingCustomValues(store, 'organization', org, query) : [];
    const found =
      (query.fields.includes('name') && matches(org.name, query)) ||
      (query.fields.includes('address') && matches(address, query)) ||
      customValues.length > 0;
    if (!found) return [];
    return [{
      result_score: 1,
      item: {
        id: org.id,
        type: 'organization',
        name: org.name,
        address,
        visible_to: org.visible_to,
        owner: { id: org.owner_id },
        custom_fields: customValues,
        notes: [],
      },
    }];
  });
}

export function searchPersons(store: PipedriveStore, query: SearchQuery): { result_score: number; item: Record<string, unknown> }[] {
  return store.all('person').flatMap((person) => {
    const emails = (person.emails as { value: string }[]).map((e) => e.value);
    const phones = (person.phones as { value: string }[]).map((p) => p.value);
    const customValues = query.fields.includes('custom_fields') ? matchingCustomValues(store, 'person', person, query) : [];
    const found =
      (query.fields.includes('name') && matches(person.name, query)) ||
      (query.fields.includes('email') && emails.some((e) => matches(e, query))) ||
      (query.fields.includes('phone') && phones.some((p) => matches(p, query))) ||
      customValues.length > 0;
    if (!found) return [];
    const org = typeof person.org_id === 'number' ? store.get('organization', person.org_id) : undefined;
    return [{
      result_score: 1,
      item: {
        id: person.id,
        type: 'person',
        name: person.name,
        phones,
        emails,
        visible_to: person.visible_to,
        owner: { id: person.owner_id },
        organization: org ? { id: org.id, name: org.name, address: (org.address as { value?: string } | null)?.value ?? null } : null,
        custom_fields: customValues,
        notes: [],
      },
    }];
  });
}
