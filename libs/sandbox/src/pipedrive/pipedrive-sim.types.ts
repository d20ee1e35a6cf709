/** The Pipedrive objects the simulator keeps; the names are the webhook `meta.entity` values. */
export type PipedriveSimEntity = 'organization' | 'person' | 'deal' | 'activity' | 'pipeline' | 'stage';

/** Objects that have custom Data fields (and so `/api/v2/{entity}Fields`). */
export type PipedriveFieldEntity = 'organization' | 'person' | 'deal';

/** One stored object as the v2 API returns it, minus `custom_fields`, which are kept apart. */
export interface PipedriveSimRecord {
  id: number;
  [field: string]: unknown;
}

export interface PipedriveSimField {
  field_code: string;
  field_name: string;
  field_type: string;
  is_custom_field: boolean;
  is_optional_response_field: boolean;
  options: { id: number; label: string }[] | null;
}

export interface PipedriveSimUser {
  id: number;
  name: string;
  email: string;
  active_flag: boolean;
  is_admin: number;
  is_you: boolean;
  timezone_name: string;
  created: string;
  modified: string | null;
  [field: string]: unknown;
}

export interface PipedriveSimWebhook {
  id: number;
  name: string;
  company_id: number;
  owner_id: number;
  user_id: number;
  event_action: string;
  event_object: string;
  subscription_url: string;
  version: string;
  is_active: number;
  add_time: string;
  remove_time: string | null;
  type: 'general';
  http_auth_user: string | null;
  http_auth_password: string | null;
  remove_reason: string | null;
  last_delivery_time: string | null;
  last_http_status: number | null;
  admin_id: number;
}

/** A webhooks v2 body, as Pipedrive POSTs it. */
export interface PipedriveWebhookPayload {
  meta: Record<string, unknown> & {
    action: 'create' | 'change' | 'delete';
    entity: PipedriveSimEntity;
    entity_id: string;
    attempt: number;
    change_source: 'api' | 'app';
  };
  data: Record<string, unknown> | null;
  previous: Record<string, unknown> | null;
}

export interface PipedriveWebhookDelivery {
  webhookId: number;
  url: string;
  payload: PipedriveWebhookPayload;
  /** The receiver's HTTP status, or undefined when it could not be reached. */
  status?: number;
  error?: string;
  at: string;
}

/** What the next responses should do instead of answering normally (`failNext`). */
export type PipedriveFailure =
  /** 429 with `x-ratelimit-*` headers. */
  | { kind: 'rate-limit'; resetSeconds?: number }
  /** A 5xx with Pipedrive's JSON error body. */
  | { kind: 'server-error'; status?: number }
  /** 200 with an empty body, which Pipedrive is known to send now and then. */
  | { kind: 'empty-body' }
  /** 403 HTML page from Cloudflare, sent after repeated 429s. */
  | { kind: 'cloudflare' }
  /** Answers normally, but only after `ms`. */
  | { kind: 'latency'; ms: number }
  /** Any other status with Pipedrive's JSON error body (e.g. 410). */
  | { kind: 'status'; status: number; error?: string };
