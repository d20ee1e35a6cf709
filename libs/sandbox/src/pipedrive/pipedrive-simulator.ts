import { Express, NextFunction, Request, Response } from 'express';
import { setTimeout as sleep } from 'node:timers/promises';
import { Simulator } from '../simulator';
import { PipedriveApiError } from './pipedrive-api.error';
import { errorBody, sendFailure } from './pipedrive-error-responses.util';
import { listPage } from './pipedrive-list.util';
import { paginate } from './pipedrive-pagination.util';
import { ORGANIZATION_SEARCH_FIELDS, PERSON_SEARCH_FIELDS, searchOrganizations, searchPersons, searchQuery } from './pipedrive-search.util';
import {
  PipedriveFailure,
  PipedriveFieldEntity,
  PipedriveSimEntity,
  PipedriveSimField,
  PipedriveSimRecord,
  PipedriveSimUser,
  PipedriveSimWebhook,
  PipedriveWebhookDelivery,
  PipedriveWebhookPayload,
} from './pipedrive-sim.types';
import { FIELD_ENTITIES, PipedriveStore, hasCustomFields, rfc3339 } from './pipedrive-store';
import { PipedriveChangeEvent, previousValues, webhookPayload, webhookView } from './pipedrive-webhook-payload.util';

export interface PipedriveSimulatorOptions {
  /** The token requests must carry in `x-api-token`. */
  apiToken?: string;
  /** What `x-ratelimit-limit` reports: the plan's requests per 2 seconds. */
  rateLimitPer2s?: number;
  /** Requests the account may make before `x-daily-requests-left` reaches 0. */
  dailyBudget?: number;
}

type Source = 'api' | 'app';
type Merge = PipedriveChangeEvent['merge'];

const CRM_ROUTES: [string, PipedriveSimEntity][] = [
  ['organizations', 'organization'],
  ['persons', 'person'],
  ['deals', 'deal'],
  ['activities', 'activity'],
];
const HOST = 'sandbox.pipedrive.com';
const WEBHOOK_TIMEOUT_MS = 10_000;

/**
 * A stateful Pipedrive: the v2 REST API Hermes uses (organizations, persons, deals,
 * activities, search, pipelines, stages, data fields), v1 webhooks and users, webhooks v2 sent to
 * registered URLs, and injected failures. Tests drive it over HTTP with the real client, and
 * through the helpers below to seed data or act as a user in the Pipedrive app.
 */
export class PipedriveSimulator extends Simulator {
  readonly apiToken: string;
  /** Every webhook delivery made, oldest first. Failed ones are not retried by themselves: see `redeliver`. */
  readonly deliveries: PipedriveWebhookDelivery[] = [];
  private readonly store = new PipedriveStore();
  private readonly rateLimit: number;
  private readonly dailyBudget: number;
  private dailyRequestsLeft: number;
  private failures: { failure: PipedriveFailure; method?: string; path?: RegExp }[] = [];
  private latencyMs = 0;
  private webhooksLost = false;
  private recentArrivals: number[] = [];
  private deliveryQueue: Promise<unknown> = Promise.resolve();

  constructor(options: PipedriveSimulatorOptions = {}) {
    super();
    this.apiToken = options.apiToken ?? 'sandbox-pipedrive-token';
    this.rateLimit = options.rateLimitPer2s ?? 20;
    this.dailyBudget = options.dailyBudget ?? 100_000;
    this.dailyRequestsLeft = this.dailyBudget;
  }

  state() {
    return {
      users: [...this.store.users.values()],
      pipelines: this.objects('pipeline'),
      stages: this.objects('stage'),
      fields: Object.fromEntries(FIELD_ENTITIES.map((entity) => [entity, this.store.fieldsOf(entity)])),
      organizations: this.objects('organization'),
      persons: this.objects('person'),
      deals: this.objects('deal'),
      activities: this.objects('activity'),
      webhooks: this.webhooks(),
      deliveries: this.deliveries,
      dailyRequestsLeft: this.dailyRequestsLeft,
    };
  }

  protected clearState(): void {
    this.store.clear();
    this.deliveries.length = 0;
    this.failures = [];
    this.latencyMs = 0;
    this.webhooksLost = false;
    this.recentArrivals = [];
    this.dailyRequestsLeft = this.dailyBudget;
  }

  // --- Test helpers: seeding (no webhooks are sent) -------------------------------------------

  seedUser(user: Partial<PipedriveSimUser> & { name: string; email: string }): PipedriveSimUser {
    return this.store.addUser(user);
  }

  seedField(
    entity: PipedriveFieldEntity,
    field: { name: string; field_type: string; key?: string; options?: { label: string }[] },
  ): PipedriveSimField {
    return this.store.addField(entity, field);
  }

  seedPipeline(data: Record<string, unknown> & { name: string }): PipedriveSimRecord {
    return this.createObject('pipeline', data, 'app', { allowId: true, notify: false });
  }

  seedStage(data: Record<string, unknown> & { name: string; pipeline_id: number }): PipedriveSimRecord {
    return this.createObject('stage', data, 'app', { allowId: true, notify: false });
  }

  seedOrganization(data: Record<string, unknown> & { name: string }): PipedriveSimRecord {
    return this.createObject('organization', data, 'app', { allowId: true, notify: false });
  }

  seedPerson(data: Record<string, unknown> & { name: string }): PipedriveSimRecord {
    return this.createObject('person', data, 'app', { allowId: true, notify: false });
  }

  seedDeal(data: Record<string, unknown> & { title: string }): PipedriveSimRecord {
    return this.createObject('deal', data, 'app', { allowId: true, notify: false });
  }

  seedActivity(data: Record<string, unknown>): PipedriveSimRecord {
    return this.createObject('activity', data, 'app', { allowId: true, notify: false });
  }

  // --- Test helpers: reading state --------------------------------------------------------------

  /** An object as the API would return it, or undefined when it does not exist (e.g. deleted). */
  object(entity: PipedriveSimEntity, id: number): PipedriveSimRecord | undefined {
    const record = this.store.get(entity, id);
    return record && this.store.present(entity, record);
  }

  objects(entity: PipedriveSimEntity): PipedriveSimRecord[] {
    return this.store.all(entity).map((record) => this.store.present(entity, record));
  }

  webhooks(): PipedriveSimWebhook[] {
    return [...this.store.webhooks.values()];
  }

  // --- Test helpers: a user working in the Pipedrive app (webhooks sent, change_source "app") ---

  createInApp(entity: PipedriveSimEntity, data: Record<string, unknown>): PipedriveSimRecord {
    return this.createObject(entity, data, 'app');
  }

  editInApp(entity: PipedriveSimEntity, id: number, changes: Record<string, unknown>): PipedriveSimRecord {
    return this.updateObject(entity, id, changes, 'app');
  }

  deleteInApp(entity: PipedriveSimEntity, id: number): void {
    this.deleteObject(entity, id, 'app');
  }

  /**
   * Merges `fromId` into `toId` as the app's merge dialog does: the survivor keeps its values,
   * takes the absorbed object's custom field values where it has none, then `keep` (the user's
   * choices) on top; objects linked to the absorbed one move to the survivor. Sends the delete of
   * the absorbed object (meta.merged_to_id), the change of the survivor (meta.merged_from_id) and
   * a change for each object moved.
   */
  merge(entity: PipedriveFieldEntity, fromId: number, toId: number, keep: Record<string, unknown> = {}): PipedriveSimRecord {
    if (fromId === toId) throw new Error('Cannot merge an object into itself');
    const from = this.store.find(entity, fromId);
    const survivorValues = (this.store.find(entity, toId).custom_fields ?? {}) as Record<string, unknown>;
    const taken = Object.entries((from.custom_fields ?? {}) as Record<string, unknown>).filter(
      ([key, value]) => value !== null && (survivorValues[key] ?? null) === null,
    );
    const custom_fields = { ...Object.fromEntries(taken), ...((keep.custom_fields as Record<string, unknown>) ?? {}) };

    // Update first, so changes the store refuses leave both objects untouched.
    const change = this.applyUpdate(entity, toId, { ...keep, custom_fields });
    this.deleteObject(entity, fromId, 'app', { merged_to_id: String(toId) });
    this.notify({ ...change, source: 'app', merge: { merged_from_id: String(fromId) } });
    this.moveLinks(entity, fromId, toId);
    return this.object(entity, toId)!;
  }

  // --- Test helpers: failures ------------------------------------------------------------------

  /**
   * The next `count` API requests fail as described (in order, after any already queued); with
   * `method` or `path`, only requests that match, the others answered as usual.
   */
  failNext(count: number, failure: PipedriveFailure, only: { method?: string; path?: RegExp } = {}): void {
    for (let i = 0; i < count; i++) this.failures.push({ failure, ...only });
  }

  /** Every API request waits this long before being answered. */
  setLatency(ms: number): void {
    this.latencyMs = ms;
  }

  /** Fixes Pipedrive's clock (the add and update times it writes); null puts it back to the real one. */
  setTime(time: Date | null): void {
    this.store.now = time ? () => time : () => new Date();
  }

  /** Requests left today; at 0 every request gets 429 with `x-daily-requests-left: 0`. */
  setDailyBudget(requests: number): void {
    this.dailyRequestsLeft = requests;
  }

  // --- Test helpers: webhooks ------------------------------------------------------------------

  /**
   * While on, changes send no webhooks: they are lost, as while Pipedrive has banned a webhook after
   * failed deliveries, or as a delete nobody was told of.
   */
  loseWebhooks(lost: boolean): void {
    this.webhooksLost = lost;
  }

  /** Waits until every webhook queued so far (and any queued meanwhile) has been delivered. */
  async flushWebhooks(): Promise<PipedriveWebhookDelivery[]> {
    let queue: Promise<unknown>;
    do {
      queue = this.deliveryQueue;
      await queue;
    } while (queue !== this.deliveryQueue);
    return this.deliveries;
  }

  /** Sends a delivery again, as Pipedrive's retries do (meta.attempt incremented). */
  redeliver(delivery: PipedriveWebhookDelivery): Promise<PipedriveWebhookDelivery> {
    const webhook = this.store.webhooks.get(delivery.webhookId);
    if (!webhook) throw new Error(`Webhook ${delivery.webhookId} no longer exists`);
    const payload = structuredClone(delivery.payload);
    payload.meta.attempt += 1;
    return this.enqueueDelivery(webhook, payload);
  }

  // --- HTTP -------------------------------------------------------------------------------------

  protected routes(app: Express): void {
    app.use('/api', (req, res, next) => this.gate(req, res, next));

    app.get('/api/v2/organizations/search', (req, res) => {
      const page = paginate(searchOrganizations(this.store, searchQuery(req.query, ORGANIZATION_SEARCH_FIELDS)), req.query);
      res.json({ success: true, data: { items: page.data }, additional_data: { next_cursor: page.next_cursor } });
    });
    app.get('/api/v2/persons/search', (req, res) => {
      const page = paginate(searchPersons(this.store, searchQuery(req.query, PERSON_SEARCH_FIELDS)), req.query);
      res.json({ success: true, data: { items: page.data }, additional_data: { next_cursor: page.next_cursor } });
    });

    for (const [path, entity] of CRM_ROUTES) {
      app.get(`/api/v2/${path}`, (req, res) => {
        if (entity === 'activity') return sendPage(res, this.objects(entity), req.query);
        const deleted = entity === 'deal' ? this.store.recentlyDeletedDeals().map((deal) => this.store.present('deal', deal)) : [];
        const page = listPage(this.objects(entity), deleted, req.query, { withStatus: entity === 'deal' });
        res.json({ success: true, data: page.data, additional_data: { next_cursor: page.next_cursor } });
      });
      app.post(`/api/v2/${path}`, (req, res) => {
        res.json({ success: true, data: this.createObject(entity, req.body, 'api') });
      });
      app.get(`/api/v2/${path}/:id`, (req, res) => {
        res.json({ success: true, data: this.store.present(entity, this.store.find(entity, parseId(req.params.id))) });
      });
      app.patch(`/api/v2/${path}/:id`, (req, res) => {
        res.json({ success: true, data: this.updateObject(entity, parseId(req.params.id), req.body, 'api') });
      });
      app.delete(`/api/v2/${path}/:id`, (req, res) => {
        const id = parseId(req.params.id);
        this.deleteObject(entity, id, 'api');
        res.json({ success: true, data: { id } });
      });
    }

    app.get('/api/v2/pipelines', (req, res) => sendPage(res, this.objects('pipeline'), req.query));
    app.get('/api/v2/pipelines/:id', (req, res) => {
      res.json({ success: true, data: this.store.present('pipeline', this.store.find('pipeline', parseId(req.params.id))) });
    });
    app.get('/api/v2/stages', (req, res) => {
      const pipelineId = req.query.pipeline_id === undefined ? undefined : parseId(String(req.query.pipeline_id));
      const stages = this.objects('stage').filter((s) => pipelineId === undefined || s.pipeline_id === pipelineId);
      sendPage(res, stages, req.query);
    });
    app.get('/api/v2/stages/:id', (req, res) => {
      res.json({ success: true, data: this.store.present('stage', this.store.find('stage', parseId(req.params.id))) });
    });

    for (const entity of FIELD_ENTITIES) {
      app.get(`/api/v2/${entity}Fields`, (req, res) => sendPage(res, this.store.fieldsOf(entity), req.query));
      app.post(`/api/v2/${entity}Fields`, (req, res) => {
        const body = (req.body ?? {}) as Record<string, unknown>;
        const options = body.options;
        if (options !== undefined && !(Array.isArray(options) && options.every((o) => typeof o?.label === 'string'))) {
          throw new PipedriveApiError(400, 'options must be an array of {label: string}');
        }
        const field = this.store.addField(entity, {
          name: body.field_name as string,
          field_type: body.field_type as string,
          options: options as { label: string }[] | undefined,
        });
        res.json({ success: true, data: field });
      });
      app.get(`/api/v2/${entity}Fields/:code`, (req, res) => {
        const field = this.store.fieldsOf(entity).find((f) => f.field_code === req.params.code);
        if (!field) throw new PipedriveApiError(404, 'Field not found');
        res.json({ success: true, data: field });
      });
    }

    app.get('/api/v1/webhooks', (_req, res) => {
      res.json({ success: true, status: 'ok', data: this.webhooks() });
    });
    app.post('/api/v1/webhooks', (req, res) => {
      res.status(201).json({ success: true, status: 'ok', data: this.store.addWebhook(req.body) });
    });
    app.delete('/api/v1/webhooks/:id', (req, res) => {
      if (!this.store.webhooks.delete(parseId(req.params.id))) throw new PipedriveApiError(404, 'Webhook not found');
      res.json({ success: true, status: 'ok' });
    });
    app.get('/api/v1/users', (_req, res) => {
      res.json({ success: true, data: [...this.store.users.values()] });
    });
    app.get('/api/v1/users/me', (_req, res) => {
      res.json({ success: true, data: this.store.tokenUser });
    });

    app.use('/api', (error: unknown, _req: Request, res: Response, next: NextFunction) => {
      if (error instanceof PipedriveApiError) {
        res.status(error.status).json(errorBody(error.message, error.status));
      } else if ((error as { type?: string }).type === 'entity.parse.failed') {
        res.status(400).json(errorBody('Request body is not valid JSON', 400));
      } else {
        next(error);
      }
    });
  }

  /** Before any API route: latency, injected failures, the token, the daily budget, rate-limit headers. */
  private async gate(req: Request, res: Response, next: NextFunction): Promise<void> {
    const index = this.failures.findIndex(({ method, path }) => (!method || method === req.method) && (!path || path.test(req.path)));
    const failure = index < 0 ? undefined : this.failures.splice(index, 1)[0].failure;
    const delay = this.latencyMs + (failure?.kind === 'latency' ? failure.ms : 0);
    if (delay) await sleep(delay);
    if (failure && failure.kind !== 'latency') return sendFailure(res, failure, this.rateLimit);

    const token = req.get('x-api-token') ?? req.query.api_token;
    if (token !== this.apiToken) {
      res.status(401).json(errorBody('unauthorized access', 401));
      return;
    }

    const now = Date.now();
    this.recentArrivals = this.recentArrivals.filter((t) => now - t < 2000);
    this.recentArrivals.push(now);
    res.set({
      'x-ratelimit-limit': String(this.rateLimit),
      'x-ratelimit-remaining': String(Math.max(0, this.rateLimit - this.recentArrivals.length)),
      'x-ratelimit-reset': '2',
    });
    if (this.dailyRequestsLeft <= 0) {
      res.status(429).set('x-daily-requests-left', '0').json(errorBody('Daily API limit reached', 429));
      return;
    }
    this.dailyRequestsLeft -= 1;
    res.set('x-daily-requests-left', String(this.dailyRequestsLeft));
    next();
  }

  // --- Changes, and the webhooks they send ---------------------------------------------------

  private createObject(
    entity: PipedriveSimEntity,
    input: unknown,
    source: Source,
    { allowId = false, notify = true } = {},
  ): PipedriveSimRecord {
    const record = this.store.present(entity, this.store.create(entity, input, { allowId }));
    if (notify) {
      const data = this.view(entity, record);
      this.notify({ action: 'create', entity, entityId: record.id, data, previous: null, source, userId: this.store.tokenUser.id });
    }
    return record;
  }

  private updateObject(entity: PipedriveSimEntity, id: number, input: unknown, source: Source): PipedriveSimRecord {
    const change = this.applyUpdate(entity, id, input);
    // An edit that changes nothing sends nothing, as in Pipedrive.
    if (Object.keys(change.previous).length) this.notify({ ...change, source });
    return this.object(entity, id)!;
  }

  private applyUpdate(entity: PipedriveSimEntity, id: number, input: unknown) {
    const before = this.view(entity, this.store.present(entity, this.store.find(entity, id)));
    const after = this.view(entity, this.store.present(entity, this.store.update(entity, id, input)));
    return {
      action: 'change' as const,
      entity,
      entityId: id,
      data: after,
      previous: previousValues(before, after),
      userId: this.store.tokenUser.id,
    };
  }

  private deleteObject(entity: PipedriveSimEntity, id: number, source: Source, merge?: Merge): void {
    const last = this.store.present(entity, this.store.remove(entity, id));
    const previous = this.view(entity, last);
    this.notify({ action: 'delete', entity, entityId: id, data: null, previous, source, userId: this.store.tokenUser.id, merge });
  }

  /** After a merge, what pointed at the absorbed object points at the survivor. */
  private moveLinks(entity: PipedriveFieldEntity, fromId: number, toId: number): void {
    const links: Record<PipedriveFieldEntity, [PipedriveSimEntity, string][]> = {
      organization: [['person', 'org_id'], ['deal', 'org_id'], ['activity', 'org_id']],
      person: [['deal', 'person_id']],
      deal: [['activity', 'deal_id']],
    };
    for (const [linked, key] of links[entity]) {
      for (const record of this.store.all(linked).filter((r) => r[key] === fromId)) {
        this.updateObject(linked, record.id, { [key]: toId }, 'app');
      }
    }
    if (entity === 'person') {
      for (const activity of this.store.all('activity')) {
        const participants = activity.participants as { person_id: number; primary: boolean }[];
        if (!participants.some((p) => p.person_id === fromId)) continue;
        const moved = participants.map((p) => (p.person_id === fromId ? { ...p, person_id: toId } : p));
        this.updateObject('activity', activity.id, { participants: moved }, 'app');
      }
    }
  }

  private view(entity: PipedriveSimEntity, record: PipedriveSimRecord): Record<string, unknown> {
    return webhookView(record, hasCustomFields(entity) ? this.store.customFieldsOf(entity) : undefined);
  }

  /** Queues the event for every webhook that wants it; only webhooks v2 are simulated. */
  private notify(event: PipedriveChangeEvent): void {
    if (this.webhooksLost) return;
    for (const webhook of this.store.webhooks.values()) {
      const wanted =
        webhook.is_active === 1 &&
        webhook.version === '2.0' &&
        (webhook.event_action === '*' || webhook.event_action === event.action) &&
        (webhook.event_object === '*' || webhook.event_object === event.entity);
      if (wanted) void this.enqueueDelivery(webhook, webhookPayload(event, webhook, HOST));
    }
  }

  /** Deliveries go one at a time, in the order of the changes, as receivers expect. */
  private enqueueDelivery(webhook: PipedriveSimWebhook, payload: PipedriveWebhookPayload): Promise<PipedriveWebhookDelivery> {
    const delivered = this.deliveryQueue.then(() => this.deliver(webhook, payload));
    this.deliveryQueue = delivered;
    return delivered;
  }

  private async deliver(webhook: PipedriveSimWebhook, payload: PipedriveWebhookPayload): Promise<PipedriveWebhookDelivery> {
    const delivery: PipedriveWebhookDelivery = {
      webhookId: webhook.id,
      url: webhook.subscription_url,
      payload,
      at: new Date().toISOString(),
    };
    const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'Pipedrive Webhooks' };
    if (webhook.http_auth_user !== null) {
      const credentials = `${webhook.http_auth_user}:${webhook.http_auth_password ?? ''}`;
      headers.authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
    }
    try {
      const response = await fetch(webhook.subscription_url, {
        method: 'POST',
        headers,
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
      });
      await response.arrayBuffer();
      delivery.status = response.status;
    } catch (error) {
      delivery.error = error instanceof Error ? error.message : String(error);
    }
    webhook.last_delivery_time = rfc3339();
    webhook.last_http_status = delivery.status ?? null;
    this.deliveries.push(delivery);
    return delivery;
  }
}

function parseId(raw: string): number {
  const id = Number(raw);
  if (!Number.isInteger(id) || id < 1) throw new PipedriveApiError(400, `Invalid id: ${raw}`);
  return id;
}

function sendPage(res: Response, items: unknown[], query: Record<string, unknown>): void {
  const page = paginate(items, query);
  res.json({ success: true, data: page.data, additional_data: { next_cursor: page.next_cursor } });
}
