import { Admin, Company, CustomField, CustomFieldValue, FieldType, LinkedObjectType, WebhookOutcome } from '@hermes/database';
import { EntityManager, EntityTarget, FindOptionsWhere, ObjectLiteral } from 'typeorm';
import { FlatObject, hermesIdsOf, idOf } from './pipedrive-webhook-fields.util';

/** One Pipedrive webhooks v2 event, custom fields flattened (SPEC.md §7.2). */
export interface WebhookEvent {
  action: 'create' | 'change' | 'delete';
  entity: string;
  /** The Pipedrive id of the object the event is about. */
  pdId: number;
  /** The object now; null on delete. */
  data: FlatObject | null;
  /** Before: only the changed fields on a change, the last state on a delete, null on create. */
  previous: FlatObject | null;
  /** On a merge's delete: the Pipedrive object this one was merged into. */
  mergedToId: number | null;
}

/** What became of an event, for the webhook log. */
export interface EventOutcome {
  outcome: WebhookOutcome;
  hermesId?: number | null;
  reason?: string;
}

/** The custom fields of one Hermes object type that Pipedrive holds, and the key of its `hermes_id` field. */
export function pipedriveFieldsOf(fields: CustomField[], type: LinkedObjectType): { objectFields: CustomField[]; hermesIdKey?: string } {
  const objectFields = fields.filter((field) => field.linked_object_type === type && field.pd_field_id);
  return { objectFields, hermesIdKey: objectFields.find((field) => field.hermes_field_name === 'id')?.pd_field_id ?? undefined };
}

/**
 * Whether an event sets `key`: every field of a new object; on a change only those in `previous`
 * (webhooks v2 lists just the changed ones there), so a stale or echoed field is never applied.
 */
export function sets(event: WebhookEvent, key: string, isNew: boolean): boolean {
  if (isNew || event.action === 'create' || !event.previous) return event.data !== null && key in event.data;
  return key in event.previous;
}

/**
 * The Hermes object an event is about: the one its `hermes_id` names, else the one linked to its
 * Pipedrive id. A `hermes_id` of several ids (a merge in Pipedrive) means the object linked to this
 * Pipedrive id, or the first id when none is. `hermesIdWrong` says Pipedrive should be told the id.
 */
export async function findLinked<T extends ObjectLiteral & { id: number }>(
  manager: EntityManager,
  target: EntityTarget<T>,
  pdColumn: keyof T & string,
  event: WebhookEvent,
  hermesIdKey: string | undefined,
): Promise<{ object: T | null; hermesIdWrong: boolean }> {
  const hermesIds = hermesIdKey ? hermesIdsOf(event.data?.[hermesIdKey] ?? event.previous?.[hermesIdKey]) : [];
  const linked = await manager.findOneBy(target, { [pdColumn]: event.pdId } as FindOptionsWhere<T>);
  let object: T | null = null;
  if (hermesIds.length > 1) object = linked ?? (await manager.findOneBy(target, { id: hermesIds[0] } as FindOptionsWhere<T>));
  else if (hermesIds.length === 1) object = await manager.findOneBy(target, { id: hermesIds[0] } as FindOptionsWhere<T>);
  object ??= linked;
  const hermesIdWrong = object !== null && !(hermesIds.length === 1 && hermesIds[0] === object.id);
  return { object, hermesIdWrong };
}

/**
 * Links `object` to the event's Pipedrive id; an object linked to it before (another Hermes object
 * claiming the same Pipedrive one) loses the link, as the unique constraint allows only one.
 */
export async function link<T extends ObjectLiteral & { id: number }>(
  manager: EntityManager,
  target: EntityTarget<T>,
  pdColumn: keyof T & string,
  object: T,
  pdId: number,
): Promise<void> {
  if (object[pdColumn] === pdId) return;
  await manager
    .createQueryBuilder()
    .update(target)
    .set({ [pdColumn]: null } as never)
    .where(object.id === undefined ? `${pdColumn} = :pdId` : `${pdColumn} = :pdId AND id <> :id`, { pdId, id: object.id })
    .execute();
  (object as Record<string, unknown>)[pdColumn] = pdId;
}

/**
 * A merge's delete (`merged_to_id`): the Hermes object linked to the absorbed Pipedrive object is
 * kept. It follows the survivor when no other Hermes object is linked to it, else it is unlinked
 * (its next sync finds or creates its own).
 */
export async function followMerge<T extends ObjectLiteral & { id: number }>(
  manager: EntityManager,
  target: EntityTarget<T>,
  pdColumn: keyof T & string,
  event: WebhookEvent,
  label: string,
): Promise<EventOutcome> {
  const absorbed = await manager.findOneBy(target, { [pdColumn]: event.pdId } as FindOptionsWhere<T>);
  if (!absorbed) return { outcome: 'ignored', reason: `merged into ${event.mergedToId}; Hermes had nothing linked to ${event.pdId}` };
  const survivorTaken = await manager.existsBy(target, { [pdColumn]: event.mergedToId } as FindOptionsWhere<T>);
  await manager.update(target, absorbed.id, { [pdColumn]: survivorTaken ? null : event.mergedToId } as never);
  return {
    outcome: 'applied',
    hermesId: absorbed.id,
    reason: survivorTaken
      ? `merged into ${event.mergedToId}, which is linked to another Hermes ${label}: this one was unlinked, not deleted`
      : `merged into ${event.mergedToId}: now linked to it`,
  };
}

/** A Pipedrive value as a Hermes column or custom field value of this type; `invalid` when it does not fit. */
export function hermesValue(type: FieldType, raw: unknown): { value: unknown } | 'invalid' {
  if (raw === null || raw === undefined || raw === '') return { value: null };
  switch (type) {
    case 'int':
    case 'fk_field': {
      const number = typeof raw === 'number' ? raw : Number(String(raw).trim());
      // Hermes' integer columns are Postgres `integer`s.
      return Number.isSafeInteger(number) && Math.abs(number) <= 2_147_483_647 ? { value: number } : 'invalid';
    }
    case 'bool':
      if (typeof raw === 'boolean') return { value: raw };
      return ['true', 'false'].includes(String(raw).toLowerCase()) ? { value: String(raw).toLowerCase() === 'true' } : 'invalid';
    case 'date': {
      const date = new Date(String(raw));
      return Number.isNaN(date.getTime()) ? 'invalid' : { value: date };
    }
    case 'str':
      return { value: typeof raw === 'object' ? JSON.stringify(raw) : String(raw) };
  }
}

type ValueOwner = { company_id: number } | { contact_id: number } | { deal_id: number };

/**
 * Applies the event's values of fields Hermes keeps as `customfieldvalue` rows (no hermes field
 * name) to one object. Returns how many rows changed; problems go to `notes`.
 */
export async function applyCustomFieldValues(
  manager: EntityManager,
  owner: ValueOwner,
  fields: CustomField[],
  event: WebhookEvent,
  isNew: boolean,
  notes: string[],
): Promise<number> {
  let changed = 0;
  for (const field of fields) {
    const key = field.pd_field_id!;
    if (!sets(event, key, isNew)) continue;
    const converted = hermesValue(field.field_type, event.data![key]);
    if (converted === 'invalid') {
      notes.push(`${field.machine_name}: ${JSON.stringify(event.data![key])} is not a valid ${field.field_type}`);
      continue;
    }
    const where = { custom_field_id: field.id, ...owner };
    const existing = await manager.findOneBy(CustomFieldValue, where);
    const value = converted.value === null ? null : String(converted.value instanceof Date ? converted.value.toISOString() : converted.value);
    if (value === null) {
      if (existing) await manager.delete(CustomFieldValue, existing.id);
      changed += existing ? 1 : 0;
    } else if (existing?.value !== value) {
      await manager.save(CustomFieldValue, { ...existing, ...where, value: value.slice(0, 10_000) });
      changed += 1;
    }
  }
  return changed;
}

/** The Admin whose Pipedrive user is `pdOwnerId`. */
export function adminByOwner(manager: EntityManager, pdOwnerId: number | null): Promise<Admin | null> {
  return pdOwnerId === null ? Promise.resolve(null) : manager.findOneBy(Admin, { pd_owner_id: pdOwnerId });
}

/** The Company of a person's or deal's organization; what to log instead when Hermes has none. */
export async function companyOfOrganization(manager: EntityManager, event: WebhookEvent): Promise<Company | EventOutcome> {
  const orgId = idOf(event.data!.org_id);
  const company = orgId === null ? null : await manager.findOneBy(Company, { pd_org_id: orgId });
  if (company) return company;
  return {
    outcome: 'ignored',
    reason: orgId === null ? `the ${event.entity} has no organization` : `organization ${orgId} is not linked to a Hermes company`,
  };
}

/** The outcome of a create or change: applied when Hermes or Pipedrive is to change, with any notes. */
export function appliedOutcome(hermesId: number, changes: { isNew: boolean; changed: boolean; mustPush: boolean }, notes: string[], label: string): EventOutcome {
  const { isNew, changed, mustPush } = changes;
  return {
    outcome: changed || mustPush ? 'applied' : 'ignored',
    hermesId,
    reason: notes.join('; ') || (isNew ? `${label} created` : changed ? undefined : 'nothing Hermes keeps changed'),
  };
}
