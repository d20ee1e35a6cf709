import { randomBytes } from 'node:crypto';
import { PipedriveApiError } from './pipedrive-api.error';
import {
  CREATABLE_FIELD_TYPES,
  REQUIRED_ON_CREATE,
  WRITABLE_FIELDS,
  customValueProblem,
  valueProblem,
} from './pipedrive-field-rules.util';
import {
  PipedriveFieldEntity,
  PipedriveSimEntity,
  PipedriveSimField,
  PipedriveSimRecord,
  PipedriveSimUser,
  PipedriveSimWebhook,
} from './pipedrive-sim.types';

export const PIPEDRIVE_ENTITIES: PipedriveSimEntity[] = ['organization', 'person', 'deal', 'activity', 'pipeline', 'stage'];
export const FIELD_ENTITIES: PipedriveFieldEntity[] = ['organization', 'person', 'deal'];

const LABELS: Record<PipedriveSimEntity, string> = {
  organization: 'Organization',
  person: 'Person',
  deal: 'Deal',
  activity: 'Activity',
  pipeline: 'Pipeline',
  stage: 'Stage',
};

// Each kind of object gets its own id range, so a test that mixes up an organization id with a
// person id fails instead of passing by coincidence.
const ID_BASES: Record<PipedriveSimEntity, number> = {
  organization: 10_001,
  person: 20_001,
  deal: 30_001,
  activity: 40_001,
  pipeline: 1,
  stage: 1,
};
const FIRST_USER_ID = 1_001;

// The non-custom fields `/api/v2/{entity}Fields` lists before the custom ones: [code, name, type].
const STANDARD_FIELDS: Record<PipedriveFieldEntity, [string, string, string][]> = {
  organization: [
    ['name', 'Name', 'varchar'],
    ['owner_id', 'Owner', 'user'],
    ['address', 'Address', 'address'],
    ['visible_to', 'Visible to', 'visible_to'],
    ['label_ids', 'Labels', 'set'],
  ],
  person: [
    ['name', 'Name', 'varchar'],
    ['owner_id', 'Owner', 'user'],
    ['org_id', 'Organization', 'org'],
    ['emails', 'Email', 'varchar'],
    ['phones', 'Phone', 'phone'],
    ['visible_to', 'Visible to', 'visible_to'],
  ],
  deal: [
    ['title', 'Title', 'varchar'],
    ['value', 'Value', 'monetary'],
    ['owner_id', 'Owner', 'user'],
    ['org_id', 'Organization', 'org'],
    ['person_id', 'Contact person', 'people'],
    ['stage_id', 'Stage', 'stage'],
    ['status', 'Status', 'status'],
    ['expected_close_date', 'Expected close date', 'date'],
  ],
};

const WEBHOOK_ACTIONS = ['create', 'change', 'delete', '*'];
const WEBHOOK_OBJECTS = ['activity', 'deal', 'lead', 'note', 'organization', 'person', 'pipeline', 'product', 'stage', 'user', '*'];

/** Timestamps as v2 writes them (RFC 3339, whole seconds). */
export function rfc3339(date = new Date()): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function hasCustomFields(entity: PipedriveSimEntity): entity is PipedriveFieldEntity {
  return (FIELD_ENTITIES as string[]).includes(entity);
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const badRequest = (message: string) => new PipedriveApiError(400, message);

/** The simulated Pipedrive account's data, with the checks the v2 API makes on every write. */
export class PipedriveStore {
  readonly users = new Map<number, PipedriveSimUser>();
  readonly webhooks = new Map<number, PipedriveSimWebhook>();
  private readonly objects = {} as Record<PipedriveSimEntity, Map<number, PipedriveSimRecord>>;
  /** Pipedrive's clock, which tests may set to give objects distinct update times. */
  now: () => Date = () => new Date();
  /** Deals deleted in the last 30 days, as `status=deleted` lists them. */
  private readonly deletedDeals = new Map<number, PipedriveSimRecord>();
  private readonly fields = {} as Record<PipedriveFieldEntity, PipedriveSimField[]>;
  private readonly nextId = {} as Record<PipedriveSimEntity | 'user' | 'webhook' | 'option', number>;

  constructor() {
    this.clear();
  }

  /** Back to a fresh account: no data, the standard fields, and the user the API token belongs to. */
  clear(): void {
    for (const entity of PIPEDRIVE_ENTITIES) {
      this.objects[entity] = new Map();
      this.nextId[entity] = ID_BASES[entity];
    }
    for (const entity of FIELD_ENTITIES) {
      this.fields[entity] = STANDARD_FIELDS[entity].map(([field_code, field_name, field_type]) => ({
        field_code,
        field_name,
        field_type,
        is_custom_field: false,
        is_optional_response_field: false,
        options: null,
      }));
    }
    this.deletedDeals.clear();
    this.now = () => new Date();
    this.users.clear();
    this.webhooks.clear();
    this.nextId.user = FIRST_USER_ID;
    this.nextId.webhook = 1;
    this.nextId.option = 1;
    this.addUser({ name: 'Sandbox Admin', email: 'admin@sandbox.example', is_admin: 1, is_you: true });
  }

  /** The user the API token belongs to, who is the author of changes made through the API. */
  get tokenUser(): PipedriveSimUser {
    return [...this.users.values()].find((u) => u.is_you) ?? [...this.users.values()][0];
  }

  addUser(data: Partial<PipedriveSimUser> & { name: string; email: string }): PipedriveSimUser {
    const id = data.id ?? this.nextId.user;
    this.nextId.user = Math.max(this.nextId.user, id + 1);
    const user: PipedriveSimUser = {
      active_flag: true,
      is_admin: 0,
      is_you: false,
      timezone_name: 'Europe/London',
      created: rfc3339(),
      modified: null,
      ...data,
      id,
    };
    this.users.set(id, user);
    return user;
  }

  fieldsOf(entity: PipedriveFieldEntity): PipedriveSimField[] {
    return this.fields[entity];
  }

  customFieldsOf(entity: PipedriveFieldEntity): PipedriveSimField[] {
    return this.fields[entity].filter((f) => f.is_custom_field);
  }

  addField(
    entity: PipedriveFieldEntity,
    input: { name: string; field_type: string; key?: string; options?: { label: string }[] },
  ): PipedriveSimField {
    if (typeof input.name !== 'string' || !input.name.trim()) throw badRequest('field_name is required');
    if (!CREATABLE_FIELD_TYPES.includes(input.field_type)) {
      throw badRequest(`field_type must be one of ${CREATABLE_FIELD_TYPES.join(', ')}`);
    }
    const needsOptions = input.field_type === 'enum' || input.field_type === 'set';
    if (needsOptions && !input.options?.length) throw badRequest(`options are required for a ${input.field_type} field`);
    if (input.key && this.fields[entity].some((f) => f.field_code === input.key)) {
      throw badRequest(`A field with the key ${input.key} already exists`);
    }
    const field: PipedriveSimField = {
      field_code: input.key ?? randomBytes(20).toString('hex'),
      field_name: input.name,
      field_type: input.field_type,
      is_custom_field: true,
      is_optional_response_field: false,
      options: needsOptions ? input.options!.map((o) => ({ id: this.nextId.option++, label: o.label })) : null,
    };
    this.fields[entity].push(field);
    return field;
  }

  get(entity: PipedriveSimEntity, id: number): PipedriveSimRecord | undefined {
    return this.objects[entity].get(id);
  }

  find(entity: PipedriveSimEntity, id: number): PipedriveSimRecord {
    const record = this.objects[entity].get(id);
    if (!record) throw new PipedriveApiError(404, `${LABELS[entity]} not found`);
    return record;
  }

  all(entity: PipedriveSimEntity): PipedriveSimRecord[] {
    return [...this.objects[entity].values()].sort((a, b) => a.id - b.id);
  }

  /** A record as the v2 API returns it: every custom field of the object, null when unset. */
  present(entity: PipedriveSimEntity, record: PipedriveSimRecord): PipedriveSimRecord {
    const { custom_fields: stored, ...rest } = record;
    if (!hasCustomFields(entity)) return structuredClone(rest) as PipedriveSimRecord;
    const values = (stored ?? {}) as Record<string, unknown>;
    const custom_fields = Object.fromEntries(this.customFieldsOf(entity).map((f) => [f.field_code, values[f.field_code] ?? null]));
    return structuredClone({ ...rest, custom_fields }) as PipedriveSimRecord;
  }

  /** `allowId` lets test seeds choose the id, as objects that already exist in Pipedrive have. */
  create(entity: PipedriveSimEntity, input: unknown, options: { allowId?: boolean } = {}): PipedriveSimRecord {
    const data = this.checkInput(entity, input, options.allowId ?? false);
    const missing = REQUIRED_ON_CREATE[entity].filter((key) => data[key] === undefined || data[key] === '');
    if (missing.length) throw badRequest(`Validation failed: ${missing.join(', ')} required`);

    const id = typeof data.id === 'number' ? data.id : this.nextId[entity];
    if (this.objects[entity].has(id)) throw badRequest(`${LABELS[entity]} ${id} already exists`);
    const now = rfc3339(this.now());
    const record: PipedriveSimRecord = { id, ...this.defaults(entity), add_time: now, update_time: now };
    if (hasCustomFields(entity)) record.custom_fields = {};
    this.apply(entity, record, data);
    this.nextId[entity] = Math.max(this.nextId[entity], id + 1);
    this.objects[entity].set(id, record);
    return record;
  }

  update(entity: PipedriveSimEntity, id: number, input: unknown): PipedriveSimRecord {
    const current = this.find(entity, id);
    const data = this.checkInput(entity, input, false);
    // Work on a copy so a request refused half-way leaves the object as it was.
    const record = structuredClone(current);
    this.apply(entity, record, data);
    record.update_time = rfc3339(this.now());
    this.objects[entity].set(id, record);
    return record;
  }

  remove(entity: PipedriveSimEntity, id: number): PipedriveSimRecord {
    const record = this.find(entity, id);
    this.objects[entity].delete(id);
    if (entity === 'deal') this.deletedDeals.set(id, { ...structuredClone(record), status: 'deleted', is_deleted: true, update_time: rfc3339(this.now()) });
    return record;
  }

  /** Deals deleted less than 30 days ago. */
  recentlyDeletedDeals(): PipedriveSimRecord[] {
    const cutoff = this.now().getTime() - 30 * 24 * 60 * 60 * 1000;
    return [...this.deletedDeals.values()].filter((deal) => Date.parse(deal.update_time as string) >= cutoff);
  }

  addWebhook(input: unknown): PipedriveSimWebhook {
    if (!isObject(input)) throw badRequest('The request body must be a JSON object');
    const problems: string[] = [];
    const url = input.subscription_url;
    if (typeof url !== 'string' || !/^https?:\/\/[^/]+/.test(url)) problems.push('subscription_url must be an http(s) URL');
    if (!WEBHOOK_ACTIONS.includes(input.event_action as string)) problems.push(`event_action must be one of ${WEBHOOK_ACTIONS.join(', ')}`);
    if (!WEBHOOK_OBJECTS.includes(input.event_object as string)) problems.push(`event_object must be one of ${WEBHOOK_OBJECTS.join(', ')}`);
    if (typeof input.name !== 'string' || !input.name) problems.push('name is required');
    for (const key of ['http_auth_user', 'http_auth_password']) {
      if (input[key] !== undefined && input[key] !== null && typeof input[key] !== 'string') problems.push(`${key} must be a string`);
    }
    if (input.version !== undefined && input.version !== '1.0' && input.version !== '2.0') problems.push("version must be '1.0' or '2.0'");
    if (input.user_id !== undefined && !this.users.has(input.user_id as number)) problems.push('user_id must be the id of a user');
    if (problems.length) throw badRequest(`Validation failed: ${problems.join('; ')}`);

    const owner = this.tokenUser;
    const webhook: PipedriveSimWebhook = {
      id: this.nextId.webhook++,
      name: input.name as string,
      company_id: 1,
      owner_id: owner.id,
      user_id: (input.user_id as number | undefined) ?? owner.id,
      event_action: input.event_action as string,
      event_object: input.event_object as string,
      subscription_url: url as string,
      // Webhooks v2 are the default for new webhooks since March 2025.
      version: (input.version as string | undefined) ?? '2.0',
      is_active: 1,
      add_time: rfc3339(),
      remove_time: null,
      type: 'general',
      http_auth_user: (input.http_auth_user as string | undefined) ?? null,
      http_auth_password: (input.http_auth_password as string | undefined) ?? null,
      remove_reason: null,
      last_delivery_time: null,
      last_http_status: null,
      admin_id: owner.id,
    };
    this.webhooks.set(webhook.id, webhook);
    return webhook;
  }

  private defaults(entity: PipedriveSimEntity): Record<string, unknown> {
    const owner_id = this.tokenUser.id;
    switch (entity) {
      case 'organization':
        return { name: '', owner_id, visible_to: 3, address: null, label_ids: [], is_deleted: false };
      case 'person':
        return {
          name: '', first_name: null, last_name: null, owner_id, org_id: null,
          emails: [], phones: [], visible_to: 3, label_ids: [], is_deleted: false,
        };
      case 'deal':
        return {
          title: '', owner_id, person_id: null, org_id: null, value: 0, currency: 'GBP', status: 'open',
          probability: null, lost_reason: null, expected_close_date: null, stage_change_time: null,
          won_time: null, lost_time: null, close_time: null, visible_to: 3, label_ids: [], is_deleted: false,
          is_archived: false,
        };
      case 'activity':
        return {
          subject: 'Call', type: 'call', owner_id, deal_id: null, org_id: null, person_id: null,
          participants: [], due_date: null, due_time: null, duration: null, busy: false, done: false,
          note: null, public_description: null, is_deleted: false,
        };
      case 'pipeline':
        return { order_nr: this.objects.pipeline.size + 1, is_deal_probability_enabled: false, is_deleted: false };
      case 'stage':
        return {
          order_nr: this.objects.stage.size + 1, deal_probability: 100, is_deal_rot_enabled: false,
          days_to_rotten: null, is_deleted: false,
        };
    }
  }

  private checkInput(entity: PipedriveSimEntity, input: unknown, allowId: boolean): Record<string, unknown> {
    if (!isObject(input)) throw badRequest('The request body must be a JSON object');
    const rules = WRITABLE_FIELDS[entity];
    const problems: string[] = [];
    for (const [key, value] of Object.entries(input)) {
      if (key === 'id' && allowId && Number.isInteger(value)) continue;
      if (key === 'custom_fields' && hasCustomFields(entity)) {
        problems.push(...this.customFieldProblems(entity, value));
        continue;
      }
      const rule = rules[key];
      if (!rule) {
        problems.push(`${key} is not a field of ${entity}`);
        continue;
      }
      const problem = valueProblem(rule, value);
      if (problem) problems.push(`${key} ${problem}`);
      else if (rule.ref && value !== null && !this.exists(rule.ref, value as number)) {
        problems.push(`${key} ${value} does not exist`);
      }
    }
    if (Array.isArray(input.participants) && !problems.length) {
      for (const p of input.participants as { person_id: number }[]) {
        if (!this.exists('person', p.person_id)) problems.push(`participants: person ${p.person_id} does not exist`);
      }
    }
    if (problems.length) throw badRequest(`Validation failed: ${problems.join('; ')}`);
    return input;
  }

  private customFieldProblems(entity: PipedriveFieldEntity, value: unknown): string[] {
    if (!isObject(value)) return ['custom_fields must be an object keyed by field key'];
    const fields = new Map(this.customFieldsOf(entity).map((f) => [f.field_code, f]));
    return Object.entries(value).flatMap(([key, v]) => {
      const field = fields.get(key);
      if (!field) return [`custom_fields: ${key} is not a custom field of ${entity}`];
      const problem = customValueProblem(field, v);
      return problem ? [`custom_fields.${key} (${field.field_name}) ${problem}`] : [];
    });
  }

  private exists(ref: PipedriveSimEntity | 'user', id: number): boolean {
    return ref === 'user' ? this.users.has(id) : this.objects[ref].has(id);
  }

  private apply(entity: PipedriveSimEntity, record: PipedriveSimRecord, data: Record<string, unknown>): void {
    const { custom_fields, id: _id, ...plain } = data;
    const previousStage = record.stage_id as number | undefined;
    Object.assign(record, structuredClone(plain));
    if (custom_fields) Object.assign(record.custom_fields as Record<string, unknown>, custom_fields);

    if (entity === 'person') {
      if ('name' in plain) Object.assign(record, splitName(plain.name as string));
      for (const key of ['emails', 'phones'] as const) {
        if (key in plain) record[key] = normaliseContacts(plain[key] as ContactInput[]);
      }
    } else if (entity === 'deal') {
      this.placeDeal(record, plain, previousStage);
      if ('status' in plain) Object.assign(record, statusTimes(plain.status as string));
    } else if (entity === 'activity') {
      if ('participants' in plain) {
        const participants = normaliseParticipants(plain.participants as ParticipantInput[]);
        record.participants = participants;
        record.person_id = participants.find((p) => p.primary)?.person_id ?? null;
      } else if ('person_id' in plain) {
        record.participants = plain.person_id === null ? [] : [{ person_id: plain.person_id, primary: true }];
      }
    }
  }

  /** A deal always sits in a stage; its pipeline is the stage's. */
  private placeDeal(record: PipedriveSimRecord, plain: Record<string, unknown>, previousStage: number | undefined): void {
    const creating = previousStage === undefined;
    if (!creating && plain.stage_id === undefined && plain.pipeline_id === undefined) return;

    if (plain.stage_id !== undefined) {
      const stage = this.find('stage', plain.stage_id as number);
      if (plain.pipeline_id !== undefined && plain.pipeline_id !== stage.pipeline_id) {
        throw badRequest(`Validation failed: stage_id ${stage.id} is not in pipeline ${plain.pipeline_id}`);
      }
      record.stage_id = stage.id;
      record.pipeline_id = stage.pipeline_id;
    } else {
      const pipelineId = (plain.pipeline_id as number | undefined) ?? this.all('pipeline')[0]?.id;
      if (pipelineId === undefined) throw badRequest('Validation failed: there is no pipeline to put the deal in');
      const [first] = this.all('stage')
        .filter((s) => s.pipeline_id === pipelineId)
        .sort((a, b) => (a.order_nr as number) - (b.order_nr as number));
      if (!first) throw badRequest(`Validation failed: pipeline ${pipelineId} has no stages`);
      record.stage_id = first.id;
      record.pipeline_id = pipelineId;
    }
    if (!creating && record.stage_id !== previousStage) record.stage_change_time = rfc3339();
  }
}

interface ContactInput {
  value: string;
  primary?: boolean;
  label?: string;
}

interface ParticipantInput {
  person_id: number;
  primary?: boolean;
}

/** Pipedrive's first name is the first word of the name; the rest is the last name. */
function splitName(name: string): { first_name: string | null; last_name: string | null } {
  const [first, ...rest] = name.trim().split(/\s+/);
  return { first_name: first || null, last_name: rest.join(' ') || null };
}

function normaliseContacts(contacts: ContactInput[]): { label: string; value: string; primary: boolean }[] {
  const anyPrimary = contacts.some((c) => c.primary);
  return contacts.map((c, i) => ({ label: c.label ?? 'work', value: c.value, primary: c.primary ?? (!anyPrimary && i === 0) }));
}

function normaliseParticipants(participants: ParticipantInput[]): { person_id: number; primary: boolean }[] {
  const anyPrimary = participants.some((p) => p.primary);
  return participants.map((p, i) => ({ person_id: p.person_id, primary: p.primary ?? (!anyPrimary && i === 0) }));
}

function statusTimes(status: string): Record<string, string | null> {
  const now = rfc3339();
  if (status === 'won') return { won_time: now, lost_time: null, close_time: now };
  if (status === 'lost') return { won_time: null, lost_time: now, close_time: now };
  return { won_time: null, lost_time: null, close_time: null };
}
