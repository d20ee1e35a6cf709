import { CustomField, LinkedObjectType, WebhookOutcome } from '@hermes/database';
import type { SentPayload } from '../sync/pipedrive-snapshots.service';
import { comparable } from './pipedrive-values.util';

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
  /** When the change happened; null when unknown (an object read from Pipedrive now). */
  at: Date | null;
}

/** What became of a change, for the webhook log. */
export interface ChangeOutcome {
  outcome: WebhookOutcome;
  hermesId?: number | null;
  /** The company it concerned, for the company's timeline. */
  companyId?: number | null;
  reason?: string;
  /** The fields Pipedrive changed that Hermes applied or put back, by Pipedrive's names. */
  fields?: string[];
}

/** The custom fields of one Hermes object type that Pipedrive holds, and the key of its `hermes_id` field. */
export function pipedriveFieldsOf(fields: CustomField[], type: LinkedObjectType): { objectFields: CustomField[]; hermesIdKey?: string } {
  const objectFields = fields.filter((field) => field.linked_object_type === type && field.pd_field_id);
  return { objectFields, hermesIdKey: objectFields.find((field) => field.hermes_field_name === 'id')?.pd_field_id ?? undefined };
}

/** The outcome of a create or change: applied when Hermes or Pipedrive is to change, with any notes. */
export function appliedOutcome(
  ids: { hermesId: number; companyId: number },
  changes: { isNew: boolean; changed: boolean; mustPush: boolean; fields: string[] },
  notes: string[],
  label: string,
): ChangeOutcome {
  const { isNew, changed, mustPush } = changes;
  const applied = changed || mustPush;
  return {
    outcome: applied ? 'applied' : 'ignored',
    ...ids,
    reason: notes.join('; ') || (isNew ? `${label} created` : changed ? undefined : 'nothing Hermes keeps changed'),
    fields: applied ? changes.fields : undefined,
  };
}

/**
 * Which fields of a Pipedrive object a change sets, and what Pipedrive now holds for them
 * (docs/field-ownership.md, "Changes from Pipedrive"). With a record of what Hermes last sent to
 * this object, every field whose value in `data` differs from what was sent: a change whose webhook
 * was lost is healed by the next event, and an echo of Hermes' own write changes nothing. Without
 * one, every field of a new object or a create, and on a change those `previous` lists.
 */
export class ChangedFields {
  /** Pipedrive's values of the fields applied or put back, for the snapshot to learn. */
  readonly learnt: { fields: Record<string, unknown>; custom_fields: Record<string, unknown> } = { fields: {}, custom_fields: {} };
  private readonly setKeys = new Set<string>();

  constructor(
    private readonly change: PipedriveChange,
    private readonly lastSent: SentPayload | null,
    private readonly isNew: boolean,
  ) {}

  /**
   * Whether the change sets this field (a custom field: `custom`); its value is learnt when it does,
   * as `learnAs` gives it, unless `learn` is false (a field Hermes never sends).
   */
  sets(key: string, { custom = false, learnAs, learn = true }: { custom?: boolean; learnAs?: (value: unknown) => unknown; learn?: boolean } = {}): boolean {
    const { data, previous, action } = this.change;
    if (!data || !(key in data)) return false;
    let set: boolean;
    if (this.lastSent && !this.isNew) {
      const sent = custom ? this.lastSent.custom_fields?.[key] : (this.lastSent as Record<string, unknown>)[key];
      set = comparable(data[key]) !== comparable(sent);
    } else {
      set = this.isNew || action === 'create' || !previous || key in previous;
    }
    if (set && learn) (custom ? this.learnt.custom_fields : this.learnt.fields)[key] = learnAs ? learnAs(data[key]) : (data[key] ?? null);
    if (set) this.setKeys.add(key);
    return set;
  }

  /** The fields the change set, custom fields by their names in Pipedrive. */
  names(fields: CustomField[]): string[] {
    const names = new Map(fields.map((field) => [field.pd_field_id, field.name]));
    return [...this.setKeys].map((key) => names.get(key) ?? key);
  }

  /** The custom fields among these that the change sets, as values to apply. */
  values(fields: CustomField[]): { field: CustomField; raw: unknown }[] {
    return fields.filter((field) => this.sets(field.pd_field_id!, { custom: true })).map((field) => ({ field, raw: this.change.data![field.pd_field_id!] }));
  }
}
