import { Tc2Simulator } from '@hermes/sandbox';
import { loadConfig } from '../config/hermes-config';
import { Tc2AuthError, Tc2NotFoundError, Tc2RequestError, Tc2RetriesExhaustedError } from './tc2.errors';
import { Tc2HttpClient, Tc2HttpOptions } from './tc2-http.client';

const KEY = 'tc2-secret-key';

describe('Tc2HttpClient against the TC2 simulator', () => {
  const sim = new Tc2Simulator({ apiKey: KEY });
  let waits: number[];
  let warnings: string[];

  function makeClient(options: Tc2HttpOptions = {}, env: Record<string, string> = {}): Tc2HttpClient {
    const config = loadConfig({ TC2_API_KEY: KEY, TC2_BASE_URL: sim.url, ...env });
    return new Tc2HttpClient(config, {
      baseDelayMs: 10,
      // Records the waits instead of sleeping; jitter pinned to the middle so waits are exact.
      sleep: async (ms) => {
        waits.push(ms);
      },
      random: () => 0.5,
      logger: { warn: (message: string) => warnings.push(message) },
      ...options,
    });
  }

  beforeAll(() => sim.start());
  afterAll(() => sim.stop());
  beforeEach(() => {
    sim.reset();
    waits = [];
    warnings = [];
  });

  it('gets a client as TC2 serialises it, authenticating with the API key', async () => {
    const seeded = sim.seedClient({ meta_agency: { name: 'Brightside Tutors', price_plan: '2-startup' } });

    const client = await makeClient().getClient(seeded.id);

    expect(client).toEqual(seeded);
    expect(client.meta_agency).toMatchObject({ name: 'Brightside Tutors', price_plan: '2-startup', country: 'United Kingdom (GB)' });
    const [request] = sim.requestsTo(`/api/clients/${seeded.id}/`, 'GET');
    expect(request.headers.authorization).toBe(`token ${KEY}`);
  });

  it('saves a client: TC2 finds it by user email and applies what was posted', async () => {
    const seeded = sim.seedClient({
      user: { email: 'jane@brightside.example', last_name: 'Doe' },
      extra_attrs: [{ machine_name: 'website', value: 'old.example' }],
    });
    sim.seedAdmin({ id: 777, first_name: 'Kim', last_name: 'Support', email: 'kim@tutorcruncher.example' });
    const payload = {
      user: { email: 'jane@brightside.example', first_name: 'Jane', last_name: 'Doe', phone: null },
      status: 'live',
      paid_recipients: [{ first_name: 'Jane', last_name: 'Doe', email: 'jane@brightside.example' }],
      extra_attrs: { website: 'new.example', pipedrive_url: 'https://acme.pipedrive.com/organization/5/' },
      associated_admin: 777,
      bdr_person: null,
    };

    const saved = await makeClient().saveClient(payload);

    expect(sim.saves).toEqual([expect.objectContaining({ clientId: seeded.id, created: false, payload })]);
    expect(saved).toEqual(sim.client(seeded.id));
    expect(saved.associated_admin).toEqual({ id: 777, first_name: 'Kim', last_name: 'Support', email: 'kim@tutorcruncher.example' });
    expect(saved.bdr_person).toBeNull();
    expect(saved.extra_attrs.map((a) => [a.machine_name, a.value])).toEqual([
      ['website', 'new.example'],
      ['pipedrive_url', 'https://acme.pipedrive.com/organization/5/'],
    ]);
  });

  it("reports TC2's field errors as a Tc2RequestError without retrying", async () => {
    sim.seedClient({ user: { email: 'jane@brightside.example' } });

    const error = await makeClient()
      .saveClient({ user: { email: 'jane@brightside.example', last_name: 'Doe' }, sales_person: 424242 })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(Tc2RequestError);
    expect(error).toMatchObject({ status: 400, method: 'POST', path: '/api/clients/' });
    expect((error as Tc2RequestError).details).toContain('sales_person');
    expect(sim.requestsTo('/api/clients/', 'POST')).toHaveLength(1);
  });

  it('reports an unknown client as Tc2NotFoundError without retrying', async () => {
    await expect(makeClient().getClient(999_999)).rejects.toBeInstanceOf(Tc2NotFoundError);
    expect(sim.requests).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it('reports a wrong API key as Tc2AuthError, and never puts the key in the error', async () => {
    const seeded = sim.seedClient();

    const error = await makeClient({}, { TC2_API_KEY: 'wrong-key' }).getClient(seeded.id).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(Tc2AuthError);
    expect(error).toMatchObject({ status: 401 });
    expect((error as Error).message).not.toContain('wrong-key');
    expect(sim.requests).toHaveLength(1);
  });

  it('counts the clients the key can see, or reports the key refused', async () => {
    sim.seedClient();
    sim.seedClient({ user: { email: 'other@example.com' } });

    expect(await makeClient().countClients()).toBe(2);
    await expect(makeClient({}, { TC2_API_KEY: 'wrong-key' }).countClients()).rejects.toBeInstanceOf(Tc2AuthError);
  });

  describe('retries', () => {
    it('waits out 429s, honouring Retry-After, then succeeds', async () => {
      const seeded = sim.seedClient();
      sim.failNext(1, { kind: 'rate-limit', retryAfterSeconds: 3 });
      sim.failNext(1, { kind: 'rate-limit' });

      expect(await makeClient().getClient(seeded.id)).toEqual(seeded);

      // Retry-After 3 s plus half of baseDelayMs of jitter; then backoff for attempt 2: 20 ms ceiling → 15.
      expect(waits).toEqual([3005, 15]);
      expect(sim.requestsTo(`/api/clients/${seeded.id}/`)).toHaveLength(3);
      expect(warnings[0]).toContain('rate limited (429)');
    });

    it('backs off exponentially on 5xx and succeeds, for POSTs too', async () => {
      sim.seedClient({ user: { email: 'jane@brightside.example' } });
      sim.failNext(3, { kind: 'server-error', status: 502 });

      const saved = await makeClient().saveClient({ user: { email: 'jane@brightside.example', last_name: 'Doe' }, status: 'dormant' });

      expect(saved.status).toBe('dormant');
      expect(waits).toEqual([7.5, 15, 30]);
      expect(sim.saves).toHaveLength(1);
    });

    it('caps the backoff at maxDelayMs', async () => {
      const seeded = sim.seedClient();
      sim.failNext(4, { kind: 'server-error' });

      await makeClient({ maxDelayMs: 25 }).getClient(seeded.id);

      expect(waits).toEqual([7.5, 15, 18.75, 18.75]);
    });

    it('gives up after the last attempt with Tc2RetriesExhaustedError', async () => {
      const seeded = sim.seedClient();
      sim.failNext(3, { kind: 'rate-limit' });

      const error = await makeClient({ attempts: 3 }).getClient(seeded.id).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(Tc2RetriesExhaustedError);
      expect(error).toMatchObject({ attempts: 3, status: 429, lastProblem: 'rate limited (429)' });
      expect(sim.requestsTo(`/api/clients/${seeded.id}/`)).toHaveLength(3);
      expect(waits).toHaveLength(2);
    });

    it('retries a request that timed out', async () => {
      const seeded = sim.seedClient();
      sim.failNext(1, { kind: 'latency', ms: 300 });

      expect(await makeClient({ timeoutMs: 100 }).getClient(seeded.id)).toEqual(seeded);
      expect(warnings[0]).toContain('timed out after 100 ms');
    });

    it('retries when TC2 cannot be reached at all', async () => {
      const error = await makeClient({ attempts: 2 }, { TC2_BASE_URL: 'http://127.0.0.1:9' }).getClient(1).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(Tc2RetriesExhaustedError);
      expect((error as Tc2RetriesExhaustedError).lastProblem).toBe('network error: fetch failed (bad port)');
      expect(waits).toEqual([7.5]);
    });
  });

  it('refuses to send requests without an API key', () => {
    const client = new Tc2HttpClient(loadConfig({ TC2_BASE_URL: sim.url }));

    return expect(client.getClient(1)).rejects.toThrow('TC2_API_KEY is not set');
  });
});
