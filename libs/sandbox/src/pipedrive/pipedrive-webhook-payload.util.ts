import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { wrapCustomValue } from './pipedrive-field-rules.util';
import {
  PipedriveSimEntity,
  PipedriveSimField,
  PipedriveSimRecord,
  PipedriveSimWebhook,
  PipedriveWebhookPayload,
} from './pipedrive-sim.types';

/** One change to one object, before it is addressed to the webhooks that want it. */
export interface PipedriveChangeEvent {
  action: 'create' | 'change' | 'delete';
  entity: PipedriveSimEntity;
  entityId: number;
  data: Record<string, unknown> | null;
  previous: Record<string, unknown> | null;
  source: 'api' | 'app';
  userId: number;
  /** A merge sends `merged_to_id` on the delete of the absorbed object and `merged_from_id` on the change of the survivor. */
  merge?: { merged_to_id: string } | { merged_from_id: string };
}

/** An object as webhooks v2 carry it: custom field values wrapped with their type. */
export function webhookView(record: PipedriveSimRecord, customFields: PipedriveSimField[] | undefined): Record<string, unknown> {
  const values = record.custom_fields as Record<string, unknown> | undefined;
  if (!customFields || !values) return { ...record };
  const byKey = new Map(customFields.map((f) => [f.field_code, f]));
  const wrapped = Object.fromEntries(
    Object.entries(values).map(([key, value]) => {
      const field = byKey.get(key);
      return [key, field ? wrapCustomValue(field, value) : value];
    }),
  );
  return { ...record, custom_fields: wrapped };
}

/** `previous` of a change: the old values of only what changed (within custom_fields, only the changed keys). */
export function previousValues(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, unknown> {
  const previous: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (key === 'update_time') continue;
    if (key === 'custom_fields') {
      const old = (before.custom_fields ?? {}) as Record<string, unknown>;
      const now = (after.custom_fields ?? {}) as Record<string, unknown>;
      const changed = Object.keys({ ...old, ...now }).filter((k) => !isDeepStrictEqual(old[k], now[k]));
      if (changed.length) previous.custom_fields = Object.fromEntries(changed.map((k) => [k, old[k] ?? null]));
    } else if (!isDeepStrictEqual(before[key], after[key])) {
      previous[key] = before[key] ?? null;
    }
  }
  return previous;
}

export function webhookPayload(event: PipedriveChangeEvent, webhook: PipedriveSimWebhook, host: string): PipedriveWebhookPayload {
  return {
    meta: {
      action: event.action,
      entity: event.entity,
      entity_id: String(event.entityId),
      id: randomUUID(),
      company_id: String(webhook.company_id),
      user_id: String(event.userId),
      webhook_id: String(webhook.id),
      webhook_owner_id: String(webhook.owner_id),
      correlation_id: randomUUID(),
      is_bulk_edit: false,
      permitted_user_ids: [String(webhook.owner_id)],
      timestamp: new Date().toISOString(),
      type: 'general',
      version: '2.0',
      attempt: 1,
      host,
      change_source: event.source,
      ...event.merge,
    },
    data: event.data,
    previous: event.previous,
  };
}
