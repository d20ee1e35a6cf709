import { PipedriveSimulator } from './pipedrive-simulator';

describe('PipedriveSimulator REST API', () => {
  const sim = new PipedriveSimulator({ apiToken: 'token-123', rateLimitPer2s: 40 });

  beforeAll(() => sim.start());
  afterAll(() => sim.stop());
  beforeEach(() => sim.reset());

  async function api(method: string, path: string, body?: unknown, token = 'token-123') {
    const response = await fetch(`${sim.url}${path}`, {
      method,
      headers: { 'x-api-token': token, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let json: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read whatever the API sent
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, text, json };
  }

  it('refuses requests without the right token with 401, as Pipedrive does', async () => {
    expect((await api('GET', '/api/v2/pipelines', undefined, 'wrong')).status).toBe(401);
    const response = await fetch(`${sim.url}/api/v2/pipelines`);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ success: false, error: 'unauthorized access' });
  });

  it('creates, reads, patches and deletes an organization, with every custom field in custom_fields', async () => {
    const website = sim.seedField('organization', { name: 'Website', field_type: 'varchar' });
    const invoices = sim.seedField('organization', { name: 'Paid Invoice Count', field_type: 'double' });
    expect(website.field_code).toMatch(/^[0-9a-f]{40}$/);

    const created = await api('POST', '/api/v2/organizations', { name: 'Acme', custom_fields: { [website.field_code]: 'acme.com' } });
    expect(created.status).toBe(200);
    const org = created.json.data;
    expect(org).toMatchObject({
      id: expect.any(Number),
      name: 'Acme',
      owner_id: sim.state().users[0].id,
      custom_fields: { [website.field_code]: 'acme.com', [invoices.field_code]: null },
    });

    const patched = await api('PATCH', `/api/v2/organizations/${org.id}`, { custom_fields: { [invoices.field_code]: 3 } });
    expect(patched.json.data.custom_fields).toEqual({ [website.field_code]: 'acme.com', [invoices.field_code]: 3 });
    expect(patched.json.data.name).toBe('Acme');

    expect((await api('GET', `/api/v2/organizations/${org.id}`)).json.data).toEqual(patched.json.data);
    expect((await api('DELETE', `/api/v2/organizations/${org.id}`)).json).toEqual({ success: true, data: { id: org.id } });
    const gone = await api('GET', `/api/v2/organizations/${org.id}`);
    expect(gone.status).toBe(404);
    expect(gone.json).toMatchObject({ success: false, error: 'Organization not found' });
  });

  it('is as strict as v2: numbers must be numbers, booleans booleans, and fields must exist', async () => {
    const count = sim.seedField('organization', { name: 'Count', field_type: 'double' });

    const stringId = await api('POST', '/api/v2/organizations', { name: 'Acme', owner_id: String(sim.state().users[0].id) });
    expect(stringId.status).toBe(400);
    expect(stringId.json.error).toContain('owner_id must be an integer');

    const stringNumber = await api('POST', '/api/v2/organizations', { name: 'Acme', custom_fields: { [count.field_code]: '3' } });
    expect(stringNumber.json.error).toContain('(Count) must be a number');

    const unknownKey = await api('POST', '/api/v2/organizations', { name: 'Acme', custom_fields: { ['f'.repeat(40)]: 'x' } });
    expect(unknownKey.json.error).toContain('is not a custom field of organization');

    const v1Style = await api('POST', '/api/v2/persons', { name: 'Jane', email: 'jane@example.com' });
    expect(v1Style.json.error).toContain('email is not a field of person');

    const numericFlag = await api('POST', '/api/v2/activities', { subject: 'Call', done: 0 });
    expect(numericFlag.json.error).toContain('done must be true or false');

    const unknownOwner = await api('POST', '/api/v2/organizations', { name: 'Acme', owner_id: 999 });
    expect(unknownOwner.json.error).toContain('owner_id 999 does not exist');
  });

  it('splits person names, marks the first contact detail primary, and takes an activity’s person from participants', async () => {
    const person = (await api('POST', '/api/v2/persons', {
      name: 'Jane Van Dyke',
      emails: [{ value: 'jane@example.com' }, { value: 'jv@example.com', label: 'home' }],
    })).json.data;
    expect(person).toMatchObject({
      first_name: 'Jane',
      last_name: 'Van Dyke',
      emails: [
        { value: 'jane@example.com', primary: true, label: 'work' },
        { value: 'jv@example.com', primary: false, label: 'home' },
      ],
    });

    const activity = (await api('POST', '/api/v2/activities', {
      subject: 'Demo',
      due_date: '2026-11-23',
      due_time: '10:00',
      participants: [{ person_id: person.id, primary: true }],
    })).json.data;
    expect(activity).toMatchObject({ person_id: person.id, participants: [{ person_id: person.id, primary: true }] });
  });

  it('puts a deal in the first stage of its pipeline and records won/lost times', async () => {
    const pipeline = sim.seedPipeline({ name: 'PAYG' });
    const later = sim.seedStage({ name: 'Demo booked', pipeline_id: pipeline.id, order_nr: 2 });
    const first = sim.seedStage({ name: 'New', pipeline_id: pipeline.id, order_nr: 1 });

    const deal = (await api('POST', '/api/v2/deals', { title: 'Acme', pipeline_id: pipeline.id })).json.data;
    expect(deal).toMatchObject({ pipeline_id: pipeline.id, stage_id: first.id, status: 'open', won_time: null });

    const moved = (await api('PATCH', `/api/v2/deals/${deal.id}`, { stage_id: later.id, status: 'won' })).json.data;
    expect(moved).toMatchObject({ stage_id: later.id, status: 'won', won_time: expect.any(String), stage_change_time: expect.any(String) });
  });

  it('searches organizations and persons, exact match or not, in the fields asked for', async () => {
    const hermesId = sim.seedField('organization', { name: 'Hermes ID', field_type: 'double' });
    const acme = sim.seedOrganization({ name: 'Acme', custom_fields: { [hermesId.field_code]: 55 } });
    sim.seedOrganization({ name: 'Acme Two' });
    sim.seedPerson({ name: 'Jane', org_id: acme.id, emails: [{ value: 'Jane@Example.com' }], phones: [{ value: '+44 1234' }] });

    const byId = await api('GET', '/api/v2/organizations/search?term=55&fields=custom_fields&exact_match=true');
    expect(byId.json.data.items).toEqual([
      { result_score: expect.any(Number), item: expect.objectContaining({ id: acme.id, type: 'organization', name: 'Acme', custom_fields: ['55'] }) },
    ]);

    const exactName = await api('GET', '/api/v2/organizations/search?term=acme&fields=name&exact_match=true');
    expect(exactName.json.data.items.map((i: { item: { name: string } }) => i.item.name)).toEqual(['Acme']);
    const partialName = await api('GET', '/api/v2/organizations/search?term=acme&fields=name');
    expect(partialName.json.data.items).toHaveLength(2);
    expect((await api('GET', '/api/v2/organizations/search?term=55&fields=name&exact_match=true')).json.data.items).toEqual([]);

    const byEmail = await api('GET', '/api/v2/persons/search?term=jane%40example.com&fields=email&exact_match=true');
    expect(byEmail.json.data.items[0].item).toMatchObject({
      type: 'person',
      emails: ['Jane@Example.com'],
      phones: ['+44 1234'],
      organization: { id: acme.id, name: 'Acme' },
    });

    expect((await api('GET', '/api/v2/persons/search?term=x')).status).toBe(400);
    expect((await api('GET', '/api/v2/persons/search?term=jane&fields=address')).status).toBe(400);
  });

  it('pages lists with limit and next_cursor', async () => {
    for (const name of ['A', 'B', 'C', 'D', 'E']) sim.seedPipeline({ name });
    const first = await api('GET', '/api/v2/pipelines?limit=2');
    expect(first.json.data.map((p: { name: string }) => p.name)).toEqual(['A', 'B']);
    const second = await api('GET', `/api/v2/pipelines?limit=2&cursor=${first.json.additional_data.next_cursor}`);
    const third = await api('GET', `/api/v2/pipelines?limit=2&cursor=${second.json.additional_data.next_cursor}`);
    expect(third.json.data.map((p: { name: string }) => p.name)).toEqual(['E']);
    expect(third.json.additional_data.next_cursor).toBeNull();
    expect((await api('GET', '/api/v2/pipelines?limit=501')).status).toBe(400);
  });

  it('lists what changed since a time, by update time, deleted deals only when asked for', async () => {
    const at = (time: string) => sim.setTime(new Date(time));
    at('2026-01-01T10:00:00Z');
    const [a, b, c] = ['A', 'B', 'C'].map((name) => sim.createInApp('organization', { name }));
    at('2026-01-01T10:05:00Z');
    sim.editInApp('organization', a.id, { name: 'A2' });
    const pipeline = sim.seedPipeline({ name: 'PAYG' });
    const stage = sim.seedStage({ name: 'New', pipeline_id: pipeline.id });
    const kept = sim.createInApp('deal', { title: 'Kept', org_id: b.id, stage_id: stage.id });
    const dropped = sim.createInApp('deal', { title: 'Dropped', org_id: b.id, stage_id: stage.id });
    at('2026-01-01T10:06:00Z');
    sim.deleteInApp('deal', dropped.id);

    const changed = await api('GET', '/api/v2/organizations?updated_since=2026-01-01T10:05:00Z&sort_by=update_time');
    expect(changed.json.data.map((o: { name: string }) => o.name)).toEqual(['A2']);
    const byUpdate = await api('GET', '/api/v2/organizations?sort_by=update_time&sort_direction=asc');
    expect(byUpdate.json.data.map((o: { id: number }) => o.id)).toEqual([b.id, c.id, a.id]);
    expect((await api('GET', '/api/v2/organizations?updated_until=2026-01-01T10:05:00Z')).json.data.map((o: { id: number }) => o.id)).toEqual([b.id, c.id]);

    expect((await api('GET', '/api/v2/deals')).json.data.map((d: { id: number }) => d.id)).toEqual([kept.id]);
    const withDeleted = await api('GET', '/api/v2/deals?status=open,won,lost,deleted&updated_since=2026-01-01T10:06:00Z');
    expect(withDeleted.json.data).toEqual([expect.objectContaining({ id: dropped.id, is_deleted: true, status: 'deleted', update_time: '2026-01-01T10:06:00Z' })]);

    const refused = await api('GET', '/api/v2/organizations?updated_since=yesterday');
    expect([refused.status, refused.json.error]).toEqual([400, 'updated_since must be an RFC 3339 date-time, e.g. 2025-01-01T10:20:00Z']);
  });

  it('pages by a cursor that marks the next item, so an update while paging skips nothing', async () => {
    sim.setTime(new Date('2026-01-01T10:00:00Z'));
    const orgs = ['A', 'B', 'C', 'D'].map((name) => sim.createInApp('organization', { name }));
    const query = 'sort_by=update_time&updated_since=2026-01-01T10:00:00Z&limit=2';
    const first = await api('GET', `/api/v2/organizations?${query}`);
    // The first item is edited before the second page is read: it moves to the end.
    sim.setTime(new Date('2026-01-01T10:01:00Z'));
    sim.editInApp('organization', orgs[0].id, { name: 'A2' });
    const second = await api('GET', `/api/v2/organizations?${query}&cursor=${first.json.additional_data.next_cursor}`);
    const third = await api('GET', `/api/v2/organizations?${query}&cursor=${second.json.additional_data.next_cursor}`);

    const seen = [...first.json.data, ...second.json.data, ...third.json.data].map((o: { name: string }) => o.name);
    expect(seen).toEqual(['A', 'B', 'C', 'D', 'A2']);
    expect(third.json.additional_data.next_cursor).toBeNull();
  });

  it('lists stages of one pipeline, data fields, and users', async () => {
    const one = sim.seedPipeline({ name: 'One' });
    const two = sim.seedPipeline({ name: 'Two' });
    sim.seedStage({ name: 'New', pipeline_id: one.id });
    sim.seedStage({ name: 'Qualified', pipeline_id: two.id });
    expect((await api('GET', `/api/v2/stages?pipeline_id=${two.id}`)).json.data.map((s: { name: string }) => s.name)).toEqual(['Qualified']);

    const created = await api('POST', '/api/v2/dealFields', { field_name: 'Hermes ID', field_type: 'double' });
    expect(created.json.data).toMatchObject({ field_name: 'Hermes ID', field_type: 'double', is_custom_field: true });
    const fields = (await api('GET', '/api/v2/dealFields')).json.data;
    expect(fields).toContainEqual(expect.objectContaining({ field_code: 'title', is_custom_field: false }));
    expect(fields.at(-1).field_code).toBe(created.json.data.field_code);

    sim.seedUser({ id: 7, name: 'Sam Sales', email: 'sam@example.com' });
    expect((await api('GET', '/api/v1/users')).json.data.map((u: { id: number }) => u.id)).toContain(7);
  });

  describe('failure injection', () => {
    it('answers 429 with the rate-limit headers, then normally', async () => {
      sim.failNext(1, { kind: 'rate-limit', resetSeconds: 1 });
      const limited = await api('GET', '/api/v2/pipelines');
      expect(limited.status).toBe(429);
      expect(limited.headers.get('x-ratelimit-limit')).toBe('40');
      expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
      expect(limited.headers.get('x-ratelimit-reset')).toBe('1');
      const next = await api('GET', '/api/v2/pipelines');
      expect(next.status).toBe(200);
      expect(Number(next.headers.get('x-ratelimit-remaining'))).toBeLessThan(40);
    });

    it('answers 500, empty 200, the Cloudflare page and any status, in the order queued', async () => {
      sim.failNext(1, { kind: 'server-error' });
      sim.failNext(1, { kind: 'empty-body' });
      sim.failNext(1, { kind: 'cloudflare' });
      sim.failNext(1, { kind: 'status', status: 410, error: 'Gone' });

      expect((await api('GET', '/api/v2/pipelines')).status).toBe(500);
      const empty = await api('GET', '/api/v2/pipelines');
      expect([empty.status, empty.text]).toEqual([200, '']);
      const blocked = await api('GET', '/api/v2/pipelines');
      expect(blocked.status).toBe(403);
      expect(blocked.headers.get('content-type')).toContain('text/html');
      expect(blocked.text).toContain('Cloudflare');
      const gone = await api('GET', '/api/v2/pipelines');
      expect([gone.status, gone.json.error]).toEqual([410, 'Gone']);
      expect((await api('GET', '/api/v2/pipelines')).status).toBe(200);
    });

    it('delays answers by the injected latency', async () => {
      sim.failNext(1, { kind: 'latency', ms: 150 });
      const started = Date.now();
      expect((await api('GET', '/api/v2/pipelines')).status).toBe(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    });

    it('counts down x-daily-requests-left and refuses with 429 once it reaches 0', async () => {
      sim.setDailyBudget(1);
      const last = await api('POST', '/api/v2/organizations', { name: 'Acme' });
      expect(last.headers.get('x-daily-requests-left')).toBe('0');
      const refused = await api('POST', '/api/v2/organizations', { name: 'Acme' });
      expect(refused.status).toBe(429);
      expect(refused.headers.get('x-daily-requests-left')).toBe('0');
      expect(sim.objects('organization')).toHaveLength(1);
    });
  });

  it('records requests and exposes its state as JSON', async () => {
    await api('POST', '/api/v2/organizations', { name: 'Acme' });
    expect(sim.requestsTo('/api/v2/organizations', 'POST')[0]).toMatchObject({ body: { name: 'Acme' }, headers: { 'x-api-token': 'token-123' } });
    const state = (await (await fetch(`${sim.url}/__sandbox/state`)).json()) as { organizations: unknown[] };
    expect(state.organizations).toEqual([expect.objectContaining({ name: 'Acme' })]);
    await fetch(`${sim.url}/__sandbox/reset`, { method: 'POST' });
    expect(sim.objects('organization')).toEqual([]);
    expect(sim.requests).toEqual([]);
  });
});
