import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { PipedriveSimulator } from './pipedrive-simulator';
import { PipedriveWebhookPayload } from './pipedrive-sim.types';

interface Received {
  headers: IncomingHttpHeaders;
  body: PipedriveWebhookPayload;
}

/** A stand-in for Hermes' /pipedrive/callback/: records what it is sent and answers 200. */
async function startReceiver(): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString()) });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/pipedrive/callback/`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('PipedriveSimulator webhooks v2', () => {
  const sim = new PipedriveSimulator({ apiToken: 'token-123' });
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    await sim.start();
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await sim.stop();
    await receiver.close();
  });
  beforeEach(() => {
    sim.reset();
    receiver.received.length = 0;
  });

  async function api(method: string, path: string, body?: unknown) {
    const response = await fetch(`${sim.url}${path}`, {
      method,
      headers: { 'x-api-token': 'token-123', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, json: (await response.json()) as { data: Record<string, unknown> } };
  }

  async function subscribe(event_object: string, event_action = '*') {
    const created = await api('POST', '/api/v1/webhooks', {
      name: `Hermes ${event_object}`,
      subscription_url: receiver.url,
      event_action,
      event_object,
      http_auth_user: 'hermes',
      http_auth_password: 's3cret',
      version: '2.0',
    });
    expect(created.status).toBe(201);
    return created.json.data;
  }

  async function delivered(): Promise<PipedriveWebhookPayload[]> {
    await sim.flushWebhooks();
    return receiver.received.map((r) => r.body);
  }

  it('POSTs a create to the registered URL with its Basic auth, custom fields wrapped with their type', async () => {
    const hermesId = sim.seedField('organization', { name: 'Hermes ID', field_type: 'double' });
    const webhook = await subscribe('organization');

    const org = (await api('POST', '/api/v2/organizations', { name: 'Acme', custom_fields: { [hermesId.field_code]: 12 } })).json.data;

    const [payload] = await delivered();
    expect(receiver.received[0].headers.authorization).toBe(`Basic ${Buffer.from('hermes:s3cret').toString('base64')}`);
    expect(payload.meta).toMatchObject({
      action: 'create',
      entity: 'organization',
      entity_id: String(org.id),
      webhook_id: String(webhook.id),
      version: '2.0',
      attempt: 1,
      change_source: 'api',
      timestamp: expect.any(String),
    });
    expect(payload.data).toMatchObject({ id: org.id, name: 'Acme', custom_fields: { [hermesId.field_code]: { type: 'double', value: 12 } } });
    expect(payload.previous).toBeNull();
    expect(sim.deliveries).toEqual([expect.objectContaining({ webhookId: webhook.id, status: 200 })]);
  });

  it('sends a change made in the app with only the changed fields in previous', async () => {
    const website = sim.seedField('organization', { name: 'Website', field_type: 'varchar' });
    const status = sim.seedField('organization', { name: 'TC2 Status', field_type: 'varchar' });
    const org = sim.seedOrganization({ name: 'Acme', custom_fields: { [website.field_code]: 'acme.com', [status.field_code]: 'trial' } });
    await subscribe('organization', 'change');

    sim.editInApp('organization', org.id, { name: 'Acme Ltd', custom_fields: { [status.field_code]: 'active' } });

    const [payload] = await delivered();
    expect(payload.meta).toMatchObject({ action: 'change', change_source: 'app', entity_id: String(org.id) });
    expect(payload.data).toMatchObject({
      name: 'Acme Ltd',
      custom_fields: { [website.field_code]: { type: 'varchar', value: 'acme.com' }, [status.field_code]: { type: 'varchar', value: 'active' } },
    });
    expect(payload.previous).toEqual({ name: 'Acme', custom_fields: { [status.field_code]: { type: 'varchar', value: 'trial' } } });
  });

  it('sends nothing for an edit that changes nothing', async () => {
    const org = sim.seedOrganization({ name: 'Acme' });
    await subscribe('*');
    await api('PATCH', `/api/v2/organizations/${org.id}`, { name: 'Acme' });
    expect(await delivered()).toEqual([]);
  });

  it('loses the webhooks of changes made while they are lost, and sends those of later ones', async () => {
    const org = sim.seedOrganization({ name: 'Acme' });
    await subscribe('*');
    sim.loseWebhooks(true);
    sim.editInApp('organization', org.id, { name: 'Acme Ltd' });
    sim.deleteInApp('organization', sim.seedOrganization({ name: 'Gone' }).id);
    sim.loseWebhooks(false);
    sim.editInApp('organization', org.id, { name: 'Acme Group' });

    const payloads = await delivered();
    expect(payloads).toHaveLength(1);
    expect(payloads[0]).toMatchObject({ data: { name: 'Acme Group' }, previous: { name: 'Acme Ltd' } });
  });

  it('sends a delete with data null and the last state in previous', async () => {
    const person = sim.seedPerson({ name: 'Jane Doe', emails: [{ value: 'jane@example.com' }] });
    await subscribe('person', 'delete');
    sim.deleteInApp('person', person.id);

    const [payload] = await delivered();
    expect(payload.meta).toMatchObject({ action: 'delete', entity: 'person', entity_id: String(person.id) });
    expect(payload.data).toBeNull();
    expect(payload.previous).toMatchObject({ id: person.id, name: 'Jane Doe', emails: [{ label: 'work', value: 'jane@example.com', primary: true }] });
  });

  it('only sends what a webhook subscribed to, and wraps option and user fields as {id, type}', async () => {
    const plan = sim.seedField('deal', { name: 'Plan', field_type: 'enum', options: [{ label: 'payg' }, { label: 'startup' }] });
    const tags = sim.seedField('deal', { name: 'Tags', field_type: 'set', options: [{ label: 'a' }, { label: 'b' }] });
    const pipeline = sim.seedPipeline({ name: 'PAYG' });
    sim.seedStage({ name: 'New', pipeline_id: pipeline.id });
    await subscribe('deal', 'create');

    sim.createInApp('organization', { name: 'Ignored' });
    const [payg, , tagB] = [plan.options![0].id, tags.options![0].id, tags.options![1].id];
    const deal = sim.createInApp('deal', { title: 'Acme', custom_fields: { [plan.field_code]: payg, [tags.field_code]: [tagB] } });

    const payloads = await delivered();
    expect(payloads.map((p) => [p.meta.entity, p.meta.action])).toEqual([['deal', 'create']]);
    expect(payloads[0].data).toMatchObject({
      id: deal.id,
      custom_fields: { [plan.field_code]: { id: payg, type: 'enum' }, [tags.field_code]: { values: [{ id: tagB }], type: 'set' } },
    });
  });

  it('sends a merge as the delete of the absorbed object (merged_to_id) and a change of the survivor (merged_from_id)', async () => {
    const hermesId = sim.seedField('person', { name: 'Hermes ID', field_type: 'varchar' });
    const pipeline = sim.seedPipeline({ name: 'PAYG' });
    sim.seedStage({ name: 'New', pipeline_id: pipeline.id });
    const kept = sim.seedPerson({ name: 'Jane Doe' });
    const absorbed = sim.seedPerson({ name: 'Jane D', custom_fields: { [hermesId.field_code]: '55' } });
    const deal = sim.seedDeal({ title: 'Acme', person_id: absorbed.id });
    await subscribe('*');

    const survivor = sim.merge('person', absorbed.id, kept.id);

    const payloads = await delivered();
    expect(payloads.map((p) => [p.meta.entity, p.meta.action, p.meta.entity_id])).toEqual([
      ['person', 'delete', String(absorbed.id)],
      ['person', 'change', String(kept.id)],
      ['deal', 'change', String(deal.id)],
    ]);
    expect(payloads[0].meta.merged_to_id).toBe(String(kept.id));
    expect(payloads[1].meta.merged_from_id).toBe(String(absorbed.id));
    expect(payloads[1].previous).toEqual({ custom_fields: { [hermesId.field_code]: null } });
    expect(survivor.custom_fields).toEqual({ [hermesId.field_code]: '55' });
    expect(sim.object('person', absorbed.id)).toBeUndefined();
    expect(sim.object('deal', deal.id)?.person_id).toBe(kept.id);
  });

  it('lets the merging user choose values, such as the two Hermes ids Pipedrive leaves after a merge', async () => {
    const hermesId = sim.seedField('organization', { name: 'Hermes ID', field_type: 'varchar' });
    const a = sim.seedOrganization({ name: 'Acme', custom_fields: { [hermesId.field_code]: '55839' } });
    const b = sim.seedOrganization({ name: 'Acme Ltd', custom_fields: { [hermesId.field_code]: '53670' } });
    await subscribe('organization', 'change');

    sim.merge('organization', b.id, a.id, { custom_fields: { [hermesId.field_code]: '55839, 53670' } });

    const [change] = await delivered();
    expect(change.data).toMatchObject({ custom_fields: { [hermesId.field_code]: { type: 'varchar', value: '55839, 53670' } } });
  });

  it('redelivers with the attempt counted, and records deliveries that could not be made', async () => {
    await subscribe('organization');
    sim.createInApp('organization', { name: 'Acme' });
    const [first] = await sim.flushWebhooks();
    const again = await sim.redeliver(first);
    expect(again.payload.meta.attempt).toBe(2);
    expect(receiver.received.map((r) => r.body.meta.attempt)).toEqual([1, 2]);

    await api('POST', '/api/v1/webhooks', {
      name: 'Nowhere',
      subscription_url: 'http://127.0.0.1:1/pipedrive/callback/',
      event_action: '*',
      event_object: 'organization',
    });
    sim.createInApp('organization', { name: 'Beta' });
    const deliveries = await sim.flushWebhooks();
    const failed = deliveries.at(-1)!;
    expect(failed).toMatchObject({ url: 'http://127.0.0.1:1/pipedrive/callback/', error: expect.any(String) });
    expect(failed.status).toBeUndefined();
  });

  it('lists and deletes webhooks through v1, and stops sending to deleted ones', async () => {
    const webhook = await subscribe('organization');
    expect((await api('GET', '/api/v1/webhooks')).json.data).toEqual([expect.objectContaining({ id: webhook.id, version: '2.0' })]);
    expect((await api('DELETE', `/api/v1/webhooks/${webhook.id}`)).status).toBe(200);
    expect((await api('DELETE', `/api/v1/webhooks/${webhook.id}`)).status).toBe(404);
    sim.createInApp('organization', { name: 'Acme' });
    expect(await delivered()).toEqual([]);
  });

  it('refuses a webhook without a name or with an unknown event object', async () => {
    const response = await api('POST', '/api/v1/webhooks', { subscription_url: receiver.url, event_action: '*', event_object: 'company' });
    expect(response.status).toBe(400);
  });
});
