/**
 * The fixed values of Hermes' records, shared by the database entities, the API and the admin SPA
 * (plain constants: the SPA bundles this file, so nothing here may import TypeORM or Node).
 */

export const PRICE_PLANS = ['payg', 'startup', 'enterprise'] as const;
export type PricePlan = (typeof PRICE_PLANS)[number];

export const DEAL_STATUSES = ['open', 'won', 'lost', 'deleted'] as const;
export type DealStatus = (typeof DEAL_STATUSES)[number];

export const MEETING_STATUSES = ['PLANNED', 'CANCELED', 'NO_SHOW', 'COMPLETED'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

export const MEETING_TYPES = ['sales', 'support'] as const;
export type MeetingType = (typeof MEETING_TYPES)[number];

export const FIELD_TYPES = ['str', 'int', 'bool', 'fk_field', 'date'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export const LINKED_OBJECT_TYPES = ['Company', 'Contact', 'Deal', 'Meeting'] as const;
export type LinkedObjectType = (typeof LINKED_OBJECT_TYPES)[number];

/** The Pipedrive kind of object: an organization is a Company, a person a Contact, an activity a Meeting. */
export const SYNCED_OBJECT_TYPES = ['organization', 'person', 'deal', 'activity'] as const;
export type SyncedObjectType = (typeof SYNCED_OBJECT_TYPES)[number];

export const WEBHOOK_SOURCES = ['pipedrive', 'tc2'] as const;
export type WebhookSource = (typeof WEBHOOK_SOURCES)[number];

/** applied: Hermes changed to match; ignored: nothing to do (or not ours to change); rejected: could not be applied. */
export const WEBHOOK_OUTCOMES = ['applied', 'ignored', 'rejected'] as const;
export type WebhookOutcome = (typeof WEBHOOK_OUTCOMES)[number];

/** What the SPA shows for each value, where the value itself is not readable. */
export const PRICE_PLAN_LABELS: Record<PricePlan, string> = { payg: 'PAYG', startup: 'Startup', enterprise: 'Enterprise' };
export const MEETING_STATUS_LABELS: Record<MeetingStatus, string> = {
  PLANNED: 'Planned',
  CANCELED: 'Cancelled',
  NO_SHOW: 'No show',
  COMPLETED: 'Completed',
};
export const FIELD_TYPE_LABELS: Record<FieldType, string> = {
  str: 'Text',
  int: 'Number',
  bool: 'Yes/no',
  fk_field: 'Link to another object (id)',
  date: 'Date',
};
export const MEETING_TYPE_LABELS: Record<MeetingType, string> = { sales: 'Sales call', support: 'Support call' };

/** `[{id, name}]` choices for a select input, in the values' own order. */
export function choicesOf<T extends string>(labels: Record<T, string>): { id: T; name: string }[] {
  return (Object.entries(labels) as [T, string][]).map(([id, name]) => ({ id, name }));
}

/** Why a company is no longer pushed to Pipedrive: its organization was deleted there, or merged into one another company has. */
export const PD_REMOVALS = ['deleted', 'merged'] as const;
export type PdRemoval = (typeof PD_REMOVALS)[number];
export const PD_REMOVAL_LABELS: Record<PdRemoval, string> = { deleted: 'Deleted in Pipedrive', merged: 'Merged away in Pipedrive' };

/** How an inbound change reached Hermes: its webhook, or the scheduled catch-up that lists what changed. */
export const WEBHOOK_VIAS = ['webhook', 'catch-up'] as const;
export type WebhookVia = (typeof WEBHOOK_VIAS)[number];
export const WEBHOOK_VIA_LABELS: Record<WebhookVia, string> = { webhook: 'Webhook', 'catch-up': 'Catch-up' };

/** A write Hermes made to another system for a company: which system, and what became of it. */
export const SYNC_SYSTEMS = ['pipedrive', 'tc2'] as const;
export type SyncSystem = (typeof SYNC_SYSTEMS)[number];
export const SYNC_WRITE_OUTCOMES = ['ok', 'failed'] as const;
export type SyncWriteOutcome = (typeof SYNC_WRITE_OUTCOMES)[number];

/** Where a company stands with Pipedrive, as the SPA shows it. */
export const SYNC_STATES = ['in-step', 'pending', 'failed', 'removed', 'not-synced'] as const;
export type SyncState = (typeof SYNC_STATES)[number];
export const SYNC_STATE_LABELS: Record<SyncState, string> = {
  'in-step': 'In step',
  pending: 'Sync pending',
  failed: 'Sync failed',
  removed: 'Deleted or merged in Pipedrive',
  'not-synced': 'Not in Pipedrive yet',
};
