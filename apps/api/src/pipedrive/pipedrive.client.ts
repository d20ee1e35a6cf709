/**
 * Hermes' view of Pipedrive: the operations it needs and the shapes of API v2 (organizations,
 * persons, deals, activities, search, pipelines, stages, data fields) and v1 (webhooks, users,
 * which have no v2). v2 is strict: ids and numeric custom fields are JSON numbers, flags are
 * booleans, dates `YYYY-MM-DD`. Custom field values live in `custom_fields`, keyed by the
 * field's 40-hex-character key. Failures are the errors in `pipedrive.errors.ts`.
 *
 * An abstract class rather than an interface so it can be the NestJS injection token.
 */

export type PdCustomFields = Record<string, unknown>;

export interface PdAddress {
  value: string;
  country?: string;
  locality?: string;
  postal_code?: string;
  route?: string;
  street_number?: string;
}

/** One of a person's emails or phones. */
export interface PdContactDetail {
  value: string;
  primary: boolean;
  label: string;
}

export interface PdOrganization {
  id: number;
  name: string;
  owner_id: number;
  visible_to: number;
  address: PdAddress | null;
  label_ids: number[];
  is_deleted: boolean;
  add_time: string;
  update_time: string;
  custom_fields: PdCustomFields;
}

export interface PdPerson {
  id: number;
  name: string;
  first_name: string | null;
  last_name: string | null;
  owner_id: number;
  org_id: number | null;
  emails: PdContactDetail[];
  phones: PdContactDetail[];
  visible_to: number;
  label_ids: number[];
  is_deleted: boolean;
  add_time: string;
  update_time: string;
  custom_fields: PdCustomFields;
}

export type PdDealStatus = 'open' | 'won' | 'lost';

/** The objects whose changes Hermes can list, and what each list holds. */
export interface PdListed {
  organization: PdOrganization;
  person: PdPerson;
  deal: PdDeal;
}
export type PdListedEntity = keyof PdListed;

export interface PdPage<T> {
  items: T[];
  nextCursor: string | null;
}

export interface PdDeal {
  id: number;
  title: string;
  owner_id: number;
  person_id: number | null;
  org_id: number | null;
  pipeline_id: number;
  stage_id: number;
  value: number;
  currency: string;
  status: PdDealStatus;
  probability: number | null;
  lost_reason: string | null;
  expected_close_date: string | null;
  stage_change_time: string | null;
  won_time: string | null;
  lost_time: string | null;
  close_time: string | null;
  visible_to: number;
  label_ids: number[];
  is_deleted: boolean;
  add_time: string;
  update_time: string;
  custom_fields: PdCustomFields;
}

export interface PdParticipant {
  person_id: number;
  primary: boolean;
}

export interface PdActivity {
  id: number;
  subject: string;
  type: string;
  owner_id: number;
  deal_id: number | null;
  org_id: number | null;
  /** The primary participant, derived by Pipedrive from `participants`. */
  person_id: number | null;
  participants: PdParticipant[];
  /** UTC. */
  due_date: string | null;
  /** UTC, `HH:MM`. */
  due_time: string | null;
  /** `HH:MM`. */
  duration: string | null;
  busy: boolean;
  done: boolean;
  note: string | null;
  public_description: string | null;
  is_deleted: boolean;
  add_time: string;
  update_time: string;
}

export interface PdPipeline {
  id: number;
  name: string;
  order_nr: number;
  is_deal_probability_enabled: boolean;
  is_deleted: boolean;
  add_time: string;
  update_time: string;
}

export interface PdStage {
  id: number;
  name: string;
  pipeline_id: number;
  order_nr: number;
  deal_probability: number;
  is_deal_rot_enabled: boolean;
  days_to_rotten: number | null;
  is_deleted: boolean;
  add_time: string;
  update_time: string;
}

export type PdFieldEntity = 'organization' | 'person' | 'deal';

/** Field types that can be created through the API. */
export type PdFieldType =
  | 'varchar' | 'text' | 'double' | 'phone' | 'date' | 'daterange' | 'time' | 'timerange' | 'set' | 'enum'
  | 'varchar_auto' | 'address' | 'monetary' | 'org' | 'people' | 'user';

export interface PdField {
  /** For custom fields, the 40-hex-character key used in `custom_fields`. */
  field_code: string;
  field_name: string;
  field_type: string;
  is_custom_field: boolean;
  is_optional_response_field: boolean;
  options: { id: number; label: string }[] | null;
}

export type PdWebhookAction = 'create' | 'change' | 'delete' | '*';
export type PdWebhookObject = 'activity' | 'deal' | 'lead' | 'note' | 'organization' | 'person' | 'pipeline' | 'product' | 'stage' | 'user' | '*';

export interface PdWebhook {
  id: number;
  name: string;
  event_action: PdWebhookAction;
  event_object: PdWebhookObject;
  subscription_url: string;
  version: string;
  is_active: number;
  http_auth_user: string | null;
  /** Pipedrive shows the password it sends, so a stale one can be told apart. */
  http_auth_password: string | null;
  user_id: number;
  owner_id: number;
  add_time: string;
  last_delivery_time: string | null;
  last_http_status: number | null;
}

export interface PdUser {
  id: number;
  name: string;
  email: string;
  active_flag: boolean;
  is_admin: number;
  is_you: boolean;
  timezone_name: string;
}

/** The token's user and what Pipedrive's rate-limit headers said about the account. */
export interface PdAccountStatus {
  user: PdUser;
  /** `x-ratelimit-limit`: requests the plan allows per 2-second window; null when not sent. */
  rateLimitPer2s: number | null;
  /** `x-daily-requests-left`; null when not sent. */
  dailyRequestsLeft: number | null;
}

// --- What Hermes sends ------------------------------------------------------------------------

export interface PdContactDetailInput {
  value: string;
  primary?: boolean;
  label?: string;
}

export interface PdOrganizationInput {
  name: string;
  owner_id?: number;
  visible_to?: number;
  label_ids?: number[];
  address?: PdAddress | null;
  custom_fields?: PdCustomFields;
}

export interface PdPersonInput {
  name: string;
  owner_id?: number;
  org_id?: number | null;
  emails?: PdContactDetailInput[];
  phones?: PdContactDetailInput[];
  visible_to?: number;
  label_ids?: number[];
  custom_fields?: PdCustomFields;
}

export interface PdDealInput {
  title: string;
  owner_id?: number;
  person_id?: number | null;
  org_id?: number | null;
  pipeline_id?: number;
  stage_id?: number;
  value?: number;
  currency?: string;
  status?: PdDealStatus;
  lost_reason?: string | null;
  expected_close_date?: string | null;
  visible_to?: number;
  label_ids?: number[];
  custom_fields?: PdCustomFields;
}

export interface PdActivityInput {
  subject: string;
  type?: string;
  owner_id?: number;
  deal_id?: number | null;
  org_id?: number | null;
  /** The person goes here (v2), not in `person_id`. */
  participants?: { person_id: number; primary?: boolean }[];
  due_date?: string | null;
  due_time?: string | null;
  duration?: string | null;
  busy?: boolean;
  done?: boolean;
  note?: string | null;
  public_description?: string | null;
}

export interface PdFieldInput {
  field_name: string;
  field_type: PdFieldType;
  /** Required for `enum` and `set`. */
  options?: { label: string }[];
}

export interface PdWebhookInput {
  name: string;
  subscription_url: string;
  event_action: PdWebhookAction;
  event_object: PdWebhookObject;
  http_auth_user?: string;
  http_auth_password?: string;
  user_id?: number;
}

// --- Search -----------------------------------------------------------------------------------

export type PdOrganizationSearchField = 'address' | 'custom_fields' | 'notes' | 'name';
export type PdPersonSearchField = 'custom_fields' | 'email' | 'notes' | 'phone' | 'name';

export interface PdOrganizationSearchItem {
  id: number;
  type: 'organization';
  name: string;
  address: string | null;
  visible_to: number;
  owner: { id: number };
  /** The matching custom field values, as strings. */
  custom_fields: string[];
  notes: string[];
}

export interface PdPersonSearchItem {
  id: number;
  type: 'person';
  name: string;
  phones: string[];
  emails: string[];
  visible_to: number;
  owner: { id: number };
  organization: { id: number; name: string; address: string | null } | null;
  custom_fields: string[];
  notes: string[];
}

export abstract class PipedriveClient {
  abstract createOrganization(input: PdOrganizationInput): Promise<PdOrganization>;
  abstract getOrganization(id: number): Promise<PdOrganization>;
  /** PATCH: sends only the given fields (and only the given custom fields). */
  abstract updateOrganization(id: number, changes: Partial<PdOrganizationInput>): Promise<PdOrganization>;
  abstract deleteOrganization(id: number): Promise<void>;

  abstract createPerson(input: PdPersonInput): Promise<PdPerson>;
  abstract getPerson(id: number): Promise<PdPerson>;
  abstract updatePerson(id: number, changes: Partial<PdPersonInput>): Promise<PdPerson>;
  abstract deletePerson(id: number): Promise<void>;

  abstract createDeal(input: PdDealInput): Promise<PdDeal>;
  abstract getDeal(id: number): Promise<PdDeal>;
  abstract updateDeal(id: number, changes: Partial<PdDealInput>): Promise<PdDeal>;
  abstract deleteDeal(id: number): Promise<void>;

  abstract createActivity(input: PdActivityInput): Promise<PdActivity>;
  abstract getActivity(id: number): Promise<PdActivity>;
  abstract updateActivity(id: number, changes: Partial<PdActivityInput>): Promise<PdActivity>;
  abstract deleteActivity(id: number): Promise<void>;

  /** Exact-match (case-insensitive) search in the given fields; best match first. One page, up to `limit` (default 100). */
  abstract searchOrganizations(term: string, fields: PdOrganizationSearchField[], limit?: number): Promise<PdOrganizationSearchItem[]>;
  abstract searchPersons(term: string, fields: PdPersonSearchField[], limit?: number): Promise<PdPersonSearchItem[]>;

  /** Every organization, person or deal in the account (a full import; paged underneath). */
  abstract listOrganizations(): Promise<PdOrganization[]>;
  abstract listPersons(): Promise<PdPerson[]>;
  abstract listDeals(): Promise<PdDeal[]>;

  /**
   * One page of the organizations, persons or deals updated at or after `since` (RFC 3339), oldest
   * update first; deals deleted in the last 30 days included (`is_deleted`). `cursor` is the
   * previous page's `nextCursor`.
   */
  abstract listUpdated<E extends PdListedEntity>(entity: E, since: string, cursor: string | null): Promise<PdPage<PdListed[E]>>;

  abstract listPipelines(): Promise<PdPipeline[]>;
  /** All stages, or those of one pipeline. */
  abstract listStages(pipelineId?: number): Promise<PdStage[]>;

  /** Standard and custom fields of the object type. */
  abstract listFields(entity: PdFieldEntity): Promise<PdField[]>;
  abstract createField(entity: PdFieldEntity, input: PdFieldInput): Promise<PdField>;

  abstract listWebhooks(): Promise<PdWebhook[]>;
  /** Always a webhooks v2 subscription. */
  abstract createWebhook(input: PdWebhookInput): Promise<PdWebhook>;
  abstract deleteWebhook(id: number): Promise<void>;

  abstract listUsers(): Promise<PdUser[]>;

  /** The user the token belongs to (`/v1/users/me`), with the account's rate limits from the answer's headers. */
  abstract getAccountStatus(): Promise<PdAccountStatus>;

  /**
   * `work`'s result and the requests it sent (retries included), for runs that report what they
   * cost: what other work sends meanwhile (a job running beside it) is not counted.
   */
  abstract countRequests<T>(work: () => Promise<T>): Promise<{ result: T; requests: number }>;
}
