import { CustomField, LinkedObjectType, WebhookOutcome } from '@hermes/database';

/** A Pipedrive object's fields with its custom fields laid flat beside them, keyed by field key. */
export type FlatObject = Record<string, unknown> & { id?: unknown };

export const PIPEDRIVE_ENTITIES = ['pipeline', 'stage', 'organization', 'person', 'deal'] as const;
/** The kinds of Pipedrive object Hermes keeps in step, in the order an import applies them. */
export type PipedriveEntity = (typeof PIPEDRIVE_ENTITIES)[number];

/**
 * One change to a Pipedrive object, as a webhook (or the import) tells it: what the core applies to
 * Hermes' records (see docs/architecture.md, "Changes from Pipedrive").
 */
export interface PipedriveChange {
  action: 'create' | 'change' | 'delete';
  entity: PipedriveEntity;
  /** The Pipedrive id of the object. */
  pdId: number;
  /** The object now; null on delete. */
  data: FlatObject | null;
  /** Before: only the changed fields on a change, the last state on a delete, null on create. */
  previous: FlatObject | null;
  /** On a merge's delete: the Pipedrive object this one was merged into. */
  mergedToId: number | null;
}

/** What became of a change, for the webhook log. */
export interface ChangeOutcome {
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
 * Whether a change sets `key`: every field of a new object; on a change only those in `previous`
 * (webhooks v2 lists just the changed ones there), so a stale or echoed field is never applied.
 */
export function sets(change: PipedriveChange, key: string, isNew: boolean): boolean {
  if (isNew || change.action === 'create' || !change.previous) return change.data !== null && key in change.data;
  return key in change.previous;
}

/** The outcome of a create or change: applied when Hermes or Pipedrive is to change, with any notes. */
export function appliedOutcome(
  hermesId: number,
  changes: { isNew: boolean; changed: boolean; mustPush: boolean },
  notes: string[],
  label: string,
): ChangeOutcome {
  const { isNew, changed, mustPush } = changes;
  return {
    outcome: changed || mustPush ? 'applied' : 'ignored',
    hermesId,
    reason: notes.join('; ') || (isNew ? `${label} created` : changed ? undefined : 'nothing Hermes keeps changed'),
  };
}

/** The values a change sets for these fields (see `sets`), as custom field values to apply. */
export function valuesSet(change: PipedriveChange, fields: CustomField[], isNew: boolean): { field: CustomField; raw: unknown }[] {
  return fields.filter((field) => sets(change, field.pd_field_id!, isNew)).map((field) => ({ field, raw: change.data![field.pd_field_id!] }));
}
