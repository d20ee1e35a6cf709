import { createHmac } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Express, NextFunction, Request, Response } from 'express';
import { Simulator } from '../simulator';
import { buildTc2Client, tc2ClientEvent, tc2ExtraAttr, tc2Recipient, tc2WebhookBody } from './tc2-payloads.util';
import {
  Tc2ClientOverrides,
  Tc2SimAdmin,
  Tc2SimClient,
  Tc2SimFailure,
  Tc2SimSave,
  Tc2WebhookDelivery,
  Tc2WebhookSigning,
} from './tc2-sim.types';

export interface Tc2SimulatorOptions {
  /** The key requests must carry as `Authorization: token <key>`; also the webhook signing key. */
  apiKey?: string;
}

const ADMIN_FIELDS = ['associated_admin', 'sales_person', 'bdr_person'] as const;
const WEBHOOK_TIMEOUT_MS = 10_000;
const CLIENTS_PAGE_SIZE = 100;

/**
 * A stateful TC2: the clients API Hermes uses (`GET /api/clients/` and `/api/clients/{id}/`, and
 * `POST /api/clients/`, which finds the client by `user.email` and updates it, or creates one),
 * a webhook sender that signs as TC2 does, and injected failures. Errors answer in Django REST
 * framework's shapes, as TC2's do.
 */
export class Tc2Simulator extends Simulator {
  readonly apiKey: string;
  /** Every accepted `POST /api/clients/`, oldest first. */
  readonly saves: Tc2SimSave[] = [];
  readonly deliveries: Tc2WebhookDelivery[] = [];
  private readonly clientsById = new Map<number, Tc2SimClient>();
  private readonly admins = new Map<number, Tc2SimAdmin>();
  private failures: Tc2SimFailure[] = [];
  private latencyMs = 0;
  private nextId = 1000;

  constructor(options: Tc2SimulatorOptions = {}) {
    super();
    this.apiKey = options.apiKey ?? 'sandbox-tc2-key';
  }

  state() {
    return {
      clients: this.clients(),
      admins: [...this.admins.values()],
      saves: this.saves,
      deliveries: this.deliveries,
    };
  }

  protected clearState(): void {
    this.clientsById.clear();
    this.admins.clear();
    this.saves.length = 0;
    this.deliveries.length = 0;
    this.failures = [];
    this.latencyMs = 0;
    this.nextId = 1000;
  }

  // --- Test helpers: data -----------------------------------------------------------------------

  /** Stores a realistic client (see `buildTc2Client`); unique ids unless given. Its admins become known. */
  seedClient(overrides: Tc2ClientOverrides = {}): Tc2SimClient {
    const built = buildTc2Client({ ...overrides, id: overrides.id ?? this.newId() });
    const client: Tc2SimClient = {
      ...built,
      meta_agency: built.meta_agency && { ...built.meta_agency, id: overrides.meta_agency?.id ?? this.newId() },
      paid_recipients: built.paid_recipients.map((r, i) => tc2Recipient({ ...r, id: overrides.paid_recipients?.[i]?.id ?? this.newId() })),
      extra_attrs: built.extra_attrs.map((a, i) => ({ ...a, id: overrides.extra_attrs?.[i]?.id ?? this.newId() })),
    };
    for (const field of ADMIN_FIELDS) if (client[field]) this.seedAdmin(client[field]);
    this.clientsById.set(client.id, client);
    return structuredClone(client);
  }

  /** An admin `POST /api/clients/` may name by id. */
  seedAdmin(admin: Tc2SimAdmin): Tc2SimAdmin {
    this.admins.set(admin.id, { ...admin });
    return admin;
  }

  client(id: number): Tc2SimClient | undefined {
    const client = this.clientsById.get(id);
    return client && structuredClone(client);
  }

  clients(): Tc2SimClient[] {
    return [...this.clientsById.values()].map((c) => structuredClone(c));
  }

  // --- Test helpers: failures -------------------------------------------------------------------

  /** The next `count` API requests fail as described (in order, after any already queued). */
  failNext(count: number, failure: Tc2SimFailure): void {
    for (let i = 0; i < count; i++) this.failures.push(failure);
  }

  /** Every API request waits this long before being answered. */
  setLatency(ms: number): void {
    this.latencyMs = ms;
  }

  // --- Test helpers: webhooks -------------------------------------------------------------------

  /**
   * POSTs a webhook as TC2 does: `body` (an object is serialised compactly; a string is sent
   * verbatim) with `Webhook-Signature`, the hex HMAC-SHA256 of exactly those bytes keyed with the
   * API key — or a wrong or missing signature, to test refusals.
   */
  async sendWebhook(url: string, body: unknown, { signing = 'valid' }: { signing?: Tc2WebhookSigning } = {}): Promise<Tc2WebhookDelivery> {
    const rawBody = typeof body === 'string' ? body : JSON.stringify(body);
    const key = signing === 'wrong' ? `not-${this.apiKey}` : this.apiKey;
    const signature = signing === 'missing' ? null : createHmac('sha256', key).update(rawBody).digest('hex');
    const delivery: Tc2WebhookDelivery = { url, rawBody, signature, at: new Date().toISOString() };
    const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'TutorCruncher' };
    if (signature !== null) headers['webhook-signature'] = signature;
    try {
      const response = await fetch(url, { method: 'POST', headers, body: rawBody, signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS) });
      delivery.status = response.status;
      delivery.responseBody = await response.text();
    } catch (error) {
      delivery.error = error instanceof Error ? error.message : String(error);
    }
    this.deliveries.push(delivery);
    return delivery;
  }

  // --- HTTP -------------------------------------------------------------------------------------

  protected routes(app: Express): void {
    // For tools outside this process (`hermes sandbox send-tc2-client`): store a client, then send
    // TC2's webhook about it to `url`. Answers the client and how the delivery went.
    app.post('/__sandbox/client-webhooks', (req, res) => {
      const { url, action = 'CREATED_A_CLIENT', client: overrides = {} } = (req.body ?? {}) as ClientWebhookRequest;
      if (typeof url !== 'string' || !/^https?:\/\//.test(url)) {
        res.status(400).json({ url: ['An http(s) URL to send the webhook to is required.'] });
        return;
      }
      const client = this.seedClient(overrides);
      void this.sendWebhook(url, tc2WebhookBody([tc2ClientEvent(client, { action })])).then((delivery) => res.json({ client, delivery }));
    });

    app.use('/api', (req, res, next) => void this.gate(req, res, next));

    // DRF's page-number pagination, 100 a page, as TC2 lists: summaries, not whole clients.
    app.get('/api/clients/', (req, res) => {
      const clients = [...this.clientsById.values()].sort((a, b) => a.id - b.id);
      const page = req.query.page === undefined ? 1 : Number(req.query.page);
      const pages = Math.max(1, Math.ceil(clients.length / CLIENTS_PAGE_SIZE));
      if (!Number.isInteger(page) || page < 1 || page > pages) {
        res.status(404).json({ detail: 'Invalid page.' });
        return;
      }
      const pageUrl = (n: number) => `${req.protocol}://${req.get('host')}/api/clients/?page=${n}`;
      res.json({
        count: clients.length,
        next: page < pages ? pageUrl(page + 1) : null,
        previous: page > 1 ? pageUrl(page - 1) : null,
        results: clients
          .slice((page - 1) * CLIENTS_PAGE_SIZE, page * CLIENTS_PAGE_SIZE)
          .map(({ id, url, user, status }) => structuredClone({ id, url, user, status })),
      });
    });

    app.get('/api/clients/:id/', (req, res) => {
      const client = this.clientsById.get(Number(req.params.id));
      if (!client) {
        res.status(404).json({ detail: 'Not found.' });
        return;
      }
      res.json(client);
    });

    app.post('/api/clients/', (req, res) => {
      const problems = this.validateSave(req.body);
      if (problems) {
        res.status(400).json(problems);
        return;
      }
      const { client, created } = this.save(req.body as SavePayload);
      this.saves.push({ clientId: client.id, created, payload: req.body, at: new Date().toISOString() });
      res.status(created ? 201 : 200).json({ status: 'success', role: client });
    });

    app.use('/api', (error: unknown, _req: Request, res: Response, next: NextFunction) => {
      if ((error as { type?: string }).type === 'entity.parse.failed') {
        res.status(400).json({ detail: 'JSON parse error' });
      } else {
        next(error);
      }
    });
  }

  /** Before any API route: latency, injected failures, then the key (DRF's TokenAuthentication answers 401). */
  private async gate(req: Request, res: Response, next: NextFunction): Promise<void> {
    const failure = this.failures.shift();
    const delay = this.latencyMs + (failure?.kind === 'latency' ? failure.ms : 0);
    if (delay) await sleep(delay);
    if (failure?.kind === 'rate-limit') {
      const seconds = failure.retryAfterSeconds;
      if (seconds !== undefined) res.set('retry-after', String(seconds));
      const expected = seconds === undefined ? '' : ` Expected available in ${seconds} seconds.`;
      res.status(429).json({ detail: `Request was throttled.${expected}` });
      return;
    }
    if (failure?.kind === 'server-error') {
      res.status(failure.status ?? 500).type('text/html').send('<h1>Server Error (500)</h1>');
      return;
    }

    const match = /^(\S+)\s+(\S+)$/.exec(req.get('authorization') ?? '');
    if (!match) {
      res.status(401).json({ detail: 'Authentication credentials were not provided.' });
      return;
    }
    if (match[1].toLowerCase() !== 'token' || match[2] !== this.apiKey) {
      res.status(401).json({ detail: 'Invalid token.' });
      return;
    }
    next();
  }

  private validateSave(body: unknown): Record<string, unknown> | undefined {
    const payload = (body ?? {}) as Partial<SavePayload>;
    const problems: Record<string, unknown> = {};
    if (typeof payload.user !== 'object' || payload.user === null) {
      problems.user = ['This field is required.'];
    } else {
      const userProblems: Record<string, string[]> = {};
      if (typeof payload.user.email !== 'string' || !payload.user.email) userProblems.email = ['This field is required.'];
      if (typeof payload.user.last_name !== 'string' || !payload.user.last_name) userProblems.last_name = ['This field is required.'];
      if (Object.keys(userProblems).length) problems.user = userProblems;
    }
    for (const field of ADMIN_FIELDS) {
      const id = payload[field];
      if (id === undefined || id === null) continue;
      if (typeof id !== 'number' || !this.admins.has(id)) problems[field] = [`Invalid pk "${String(id)}" - object does not exist.`];
    }
    if (payload.extra_attrs !== undefined && (typeof payload.extra_attrs !== 'object' || Array.isArray(payload.extra_attrs))) {
      problems.extra_attrs = ['Expected a dictionary of items.'];
    }
    if (payload.paid_recipients !== undefined && !Array.isArray(payload.paid_recipients)) {
      problems.paid_recipients = ['Expected a list of items.'];
    }
    return Object.keys(problems).length ? problems : undefined;
  }

  /** Updates the client with this user email (case-insensitively, as TC2 matches emails), else creates one. */
  private save(payload: SavePayload): { client: Tc2SimClient; created: boolean } {
    const email = payload.user.email.toLowerCase();
    let client = [...this.clientsById.values()].find((c) => c.user.email?.toLowerCase() === email);
    const created = !client;
    if (!client) {
      client = buildTc2Client({
        id: this.newId(),
        user: {
          first_name: null,
          phone: null,
          street: null,
          town: null,
          country: null,
          postcode: null,
          date_created: new Date().toISOString(),
        },
        status: 'prospect',
        meta_agency: null,
        paid_recipients: [],
        extra_attrs: [],
        associated_admin: null,
        sales_person: null,
      });
      this.clientsById.set(client.id, client);
    }

    client.user = { ...client.user, ...payload.user };
    if (payload.status !== undefined) client.status = payload.status;
    for (const field of ADMIN_FIELDS) {
      const id = payload[field];
      if (id !== undefined) client[field] = id === null ? null : { ...this.admins.get(id)! };
    }
    if (payload.paid_recipients) {
      const existing = client.paid_recipients;
      client.paid_recipients = payload.paid_recipients.map((r) => {
        const same = existing.find((e) => e.email !== null && e.email === (r.email ?? null));
        const id = same?.id ?? this.newId();
        return tc2Recipient({ id, first_name: r.first_name ?? null, last_name: r.last_name, email: r.email ?? null });
      });
    }
    for (const [machineName, value] of Object.entries(payload.extra_attrs ?? {})) {
      const text = value === null || value === undefined ? '' : String(value);
      const attr = client.extra_attrs.find((a) => a.machine_name === machineName);
      if (attr) attr.value = text;
      else client.extra_attrs.push(tc2ExtraAttr({ id: this.newId(), machine_name: machineName, value: text }));
    }
    return { client: structuredClone(client), created };
  }

  private newId(): number {
    return ++this.nextId;
  }
}

interface SavePayload {
  user: { email: string; last_name: string; first_name?: string | null; phone?: string | null };
  status?: string;
  paid_recipients?: { last_name: string; first_name?: string | null; email?: string | null }[];
  extra_attrs?: Record<string, unknown>;
  associated_admin?: number | null;
  sales_person?: number | null;
  bdr_person?: number | null;
}

interface ClientWebhookRequest {
  url?: unknown;
  action?: string;
  client?: Tc2ClientOverrides;
}
