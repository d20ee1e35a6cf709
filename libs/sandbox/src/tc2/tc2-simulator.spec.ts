import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { Tc2Simulator } from './tc2-simulator';
import { buildTc2Client, tc2ClientEvent, tc2DeletedClientEvent, tc2InvoiceEvent, tc2WebhookBody } from './tc2-payloads.util';

const KEY = 'sim-key';

describe('Tc2Simulator', () => {
  const sim = new Tc2Simulator({ apiKey: KEY });

  function api(path: string, init: RequestInit = {}, authorization = `token ${KEY}`): Promise<Response> {
    return fetch(`${sim.url}${path}`, {
      ...init,
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}), ...init.headers },
    });
  }

  function post(body: unknown): Promise<Response> {
    return api('/api/clients/', { method: 'POST', body: JSON.stringify(body) });
  }

  beforeAll(() => sim.start());
  afterAll(() => sim.stop());
  beforeEach(() => sim.reset());

  describe('authentication', () => {
    it('answers 401 as Django REST framework does without the key, or with another key or scheme', async () => {
      const { id } = sim.seedClient();

      const missing = await api(`/api/clients/${id}/`, {}, '');
      const wrongKey = await api(`/api/clients/${id}/`, {}, 'token nope');
      const wrongScheme = await api(`/api/clients/${id}/`, {}, `Bearer ${KEY}`);

      expect([missing.status, wrongKey.status, wrongScheme.status]).toEqual([401, 401, 401]);
      expect(await missing.json()).toEqual({ detail: 'Authentication credentials were not provided.' });
      expect(await wrongKey.json()).toEqual({ detail: 'Invalid token.' });
      expect((await api(`/api/clients/${id}/`, {}, `Token ${KEY}`)).status).toBe(200);
    });
  });

  describe('clients API', () => {
    it('serves seeded clients by id with unique ids, and 404s unknown ones', async () => {
      const a = sim.seedClient();
      const b = sim.seedClient({ user: { email: 'other@example.com' }, meta_agency: null });

      expect(a.id).not.toBe(b.id);
      expect(a.meta_agency!.id).not.toBe(a.id);
      expect(await (await api(`/api/clients/${b.id}/`)).json()).toEqual(b);
      const missing = await api('/api/clients/123456/');
      expect(missing.status).toBe(404);
      expect(await missing.json()).toEqual({ detail: 'Not found.' });
    });

    it('lists clients a hundred a page, as Django REST framework pages them', async () => {
      const seeded = Array.from({ length: 101 }, (_, i) => sim.seedClient({ user: { email: `c${i}@example.com` } }));

      const first = (await (await api('/api/clients/')).json()) as { count: number; next: string | null; previous: string | null; results: { id: number }[] };
      expect(first).toMatchObject({ count: 101, previous: null, next: `${sim.url}/api/clients/?page=2` });
      expect(first.results.map((c) => c.id)).toEqual(seeded.slice(0, 100).map((c) => c.id));
      expect(first.results[0]).toEqual({ id: seeded[0].id, url: seeded[0].url, user: seeded[0].user, status: seeded[0].status });
      const second = (await (await api('/api/clients/?page=2')).json()) as { next: string | null; results: { id: number }[] };
      expect(second).toMatchObject({ next: null, results: [{ id: seeded[100].id }] });
      expect((await api('/api/clients/?page=3')).status).toBe(404);
      expect((await api('/api/clients/', {}, 'token nope')).status).toBe(401);
    });

    it('creates a client when no client has the posted email', async () => {
      const response = await post({ user: { email: 'new@example.com', first_name: 'Nia', last_name: 'New' }, extra_attrs: { utm_source: 'google' } });

      expect(response.status).toBe(201);
      const { status, role } = (await response.json()) as { status: string; role: { id: number } };
      expect(status).toBe('success');
      expect(sim.client(role.id)).toMatchObject({
        user: { email: 'new@example.com', first_name: 'Nia', last_name: 'New', phone: null },
        status: 'prospect',
        meta_agency: null,
        extra_attrs: [expect.objectContaining({ machine_name: 'utm_source', value: 'google' })],
      });
      expect(sim.saves).toEqual([expect.objectContaining({ clientId: role.id, created: true })]);
    });

    it('matches the client by email case-insensitively, keeping recipients it already knows', async () => {
      const seeded = sim.seedClient({
        user: { email: 'Jane@Brightside.example' },
        paid_recipients: [{ first_name: 'Jane', last_name: 'Doe', email: 'jane@brightside.example' }],
      });

      const response = await post({
        user: { email: 'jane@brightside.example', last_name: 'Doe' },
        paid_recipients: [
          { first_name: 'Jane', last_name: 'Doe', email: 'jane@brightside.example' },
          { first_name: 'Raj', last_name: 'Patel', email: 'raj@brightside.example' },
        ],
      });

      expect(response.status).toBe(200);
      const recipients = sim.client(seeded.id)!.paid_recipients;
      expect(recipients[0].id).toBe(seeded.paid_recipients[0].id);
      expect(recipients[1]).toMatchObject({ last_name: 'Patel', email: 'raj@brightside.example', id: expect.any(Number) });
      expect(sim.clients()).toHaveLength(1);
    });

    it('refuses a save without user email or last name, naming the fields', async () => {
      const response = await post({ user: { email: null, last_name: '' } });

      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ user: { email: ['This field is required.'], last_name: ['This field is required.'] } });
      expect(sim.saves).toEqual([]);
    });

    it('refuses admins it does not know and extra attrs that are not a map', async () => {
      const seeded = sim.seedClient();

      const response = await post({ user: seeded.user, bdr_person: 5, extra_attrs: [{ machine_name: 'x', value: 'y' }] });

      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        bdr_person: ['Invalid pk "5" - object does not exist.'],
        extra_attrs: ['Expected a dictionary of items.'],
      });
    });
  });

  describe('failure injection', () => {
    it('answers the next requests with 429 (with Retry-After when asked) and 5xx, in order, then normally', async () => {
      const { id } = sim.seedClient();
      sim.failNext(1, { kind: 'rate-limit', retryAfterSeconds: 30 });
      sim.failNext(1, { kind: 'rate-limit' });
      sim.failNext(1, { kind: 'server-error', status: 503 });

      const throttled = await api(`/api/clients/${id}/`);
      const bare = await api(`/api/clients/${id}/`);
      const unavailable = await api(`/api/clients/${id}/`);
      const ok = await api(`/api/clients/${id}/`);

      expect(throttled.status).toBe(429);
      expect(throttled.headers.get('retry-after')).toBe('30');
      expect(await throttled.json()).toEqual({ detail: 'Request was throttled. Expected available in 30 seconds.' });
      expect([bare.status, bare.headers.get('retry-after')]).toEqual([429, null]);
      expect(unavailable.status).toBe(503);
      expect(ok.status).toBe(200);
    });

    it('delays answers by the latency set', async () => {
      const { id } = sim.seedClient();
      sim.setLatency(60);

      const started = Date.now();
      await api(`/api/clients/${id}/`);

      expect(Date.now() - started).toBeGreaterThanOrEqual(55);
    });
  });

  it('stores a client and sends its signed webhook when a tool outside the process asks, off the request log', async () => {
    const received: { signature?: string | string[]; body: string }[] = [];
    const receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        received.push({ signature: req.headers['webhook-signature'], body });
        res.end('{"status":"ok"}');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/tc2/callback/`;
    try {
      const response = await fetch(`${sim.url}/__sandbox/client-webhooks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ url, client: { meta_agency: { name: 'Oakfield Learning' } } }),
      });

      const { client, delivery } = (await response.json()) as { client: { id: number }; delivery: { status: number } };
      expect(sim.client(client.id)?.meta_agency?.name).toBe('Oakfield Learning');
      expect(delivery.status).toBe(200);
      expect(received[0].signature).toBe(createHmac('sha256', KEY).update(received[0].body).digest('hex'));
      expect(JSON.parse(received[0].body).events[0]).toMatchObject({ action: 'CREATED_A_CLIENT', subject: { id: client.id } });
      expect(sim.requests).toEqual([]);
    } finally {
      receiver.close();
    }
  });

  it('refuses to send a webhook without a URL to send it to', async () => {
    const response = await fetch(`${sim.url}/__sandbox/client-webhooks`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });

    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ url: [expect.stringContaining('URL')] });
    expect(sim.clients()).toEqual([]);
  });

  it('exposes its state and request log as JSON, and reset clears them', async () => {
    const { id } = sim.seedClient();
    await api(`/api/clients/${id}/`);

    const state = (await (await fetch(`${sim.url}/__sandbox/state`)).json()) as { clients: { id: number }[] };
    const requests = (await (await fetch(`${sim.url}/__sandbox/requests`)).json()) as { path: string }[];
    expect(state.clients.map((c) => c.id)).toEqual([id]);
    expect(requests.map((r) => r.path)).toEqual([`/api/clients/${id}/`]);

    await fetch(`${sim.url}/__sandbox/reset`, { method: 'POST' });
    expect(sim.clients()).toEqual([]);
    expect(sim.requests).toEqual([]);
  });
});

describe('TC2 payload builders', () => {
  const client = buildTc2Client({
    id: 7,
    user: { first_name: 'Jane', last_name: 'Doe' },
    extra_attrs: [{ machine_name: 'utm_source', value: 'google' }],
  });
  const at = new Date('2026-11-23T10:00:00Z');

  it('builds a client as TC2 sends it: user, meta agency, admins, recipients and extra attrs', () => {
    expect(client).toMatchObject({
      id: 7,
      model: 'Client',
      url: 'https://secure.tutorcruncher.com/api/clients/7/',
      status: 'live',
      user: { first_name: 'Jane', last_name: 'Doe', email: expect.any(String) },
      meta_agency: { name: expect.any(String), price_plan: '1-payg', country: 'United Kingdom (GB)', paid_invoice_count: 2 },
      sales_person: { id: expect.any(Number) },
      paid_recipients: [{ first_name: 'Jane', last_name: 'Doe', url: expect.stringContaining('/api/recipients/') }],
      extra_attrs: [{ machine_name: 'utm_source', value: 'google', name: 'Utm source', type: 'Short Textbox' }],
    });
  });

  it('wraps events in {events, _request_time} with TC2 action, verb, actor and subject', () => {
    const body = tc2WebhookBody([tc2ClientEvent(client, { action: 'CREATED_A_CLIENT', timestamp: at })], at);

    expect(body._request_time).toBe(at.getTime() / 1000);
    expect(body.events[0]).toMatchObject({
      action: 'CREATED_A_CLIENT',
      verb: 'Created a Client',
      timestamp: '2026-11-23T10:00:00.000Z',
      actor: { id: expect.any(Number), name: expect.any(String) },
      subject: { model: 'Client', id: 7, meta_agency: client.meta_agency },
    });
  });

  it('sends only id and name for a deleted client, and the client for an invoice', () => {
    expect(tc2DeletedClientEvent(client).subject).toEqual({ id: 7, model: 'Client', first_name: 'Jane', last_name: 'Doe' });
    expect(tc2InvoiceEvent(client, { id: 50 }, { action: 'CLIENT_PAID_INVOICE' })).toMatchObject({
      action: 'CLIENT_PAID_INVOICE',
      verb: 'Paid their Invoice',
      subject: { model: 'Invoice', id: 50, client: { id: 7, first_name: 'Jane', last_name: 'Doe' } },
    });
  });
});
