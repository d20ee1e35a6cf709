import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@hermes/database';
import { busiestWindow, PipedriveSimulator, RecordedRequest } from '@hermes/sandbox';
import { createTestDatabase, TestDatabase } from '@hermes/testing';
import { loadConfig } from '../config/hermes-config';
import { PipedriveHttpClient } from './pipedrive-http.client';

const WINDOW_MS = 2000;
/**
 * The simulator counts a request when it arrives, some time after its slot was taken. The limiter
 * leaves a margin for that delay; this test's process (the three "processes" and the simulator at
 * once, beside other suites) can be held up longer than the margin, so arrivals are counted over a
 * window shortened by this much: up to it, a delay cannot squeeze an extra request in. Without the
 * limiter, or with one per process, every request still lands in one such window.
 */
const ARRIVAL_DELAY_ALLOWANCE_MS = 500;
const busiestArrivals = (requests: RecordedRequest[]) => busiestWindow(requests, WINDOW_MS - ARRIVAL_DELAY_ALLOWANCE_MS);

function span(requests: RecordedRequest[]): number {
  const times = requests.map((r) => Date.parse(r.at));
  return Math.max(...times) - Math.min(...times);
}

/**
 * Several Hermes processes share one Pipedrive token: each has its own client and its own database
 * connection pool, and only the database is common. What counts is what Pipedrive sees, so the
 * windows are measured on the simulator's arrival times.
 */
describe('the shared Pipedrive rate limiter', () => {
  const sim = new PipedriveSimulator({ apiToken: 'k' });
  let database: TestDatabase;
  let processes: DataSource[];

  function clients(limitPer2s: number): PipedriveHttpClient[] {
    const config = loadConfig({ PD_API_KEY: 'k', PD_BASE_URL: sim.url, PD_RATE_LIMIT_PER_2S: String(limitPer2s) });
    return processes.map((dataSource) => new PipedriveHttpClient(config, dataSource, { logger: { warn: () => undefined } }));
  }

  beforeAll(async () => {
    await sim.start();
    database = await createTestDatabase();
    processes = await Promise.all(
      [1, 2, 3].map(() => new DataSource(dataSourceOptions(database.url, { extra: { max: 5 } })).initialize()),
    );
  });

  afterAll(async () => {
    await sim.stop();
    await Promise.all(processes?.map((p) => p.destroy()) ?? []);
    await database?.drop();
  });

  beforeEach(() => sim.reset());

  it('never lets more than PD_RATE_LIMIT_PER_2S requests reach Pipedrive in any 2 seconds, across processes', async () => {
    const all = clients(5);
    await Promise.all(all.flatMap((client) => Array.from({ length: 5 }, () => client.listUsers())));

    const requests = sim.requestsTo('/api/v1/users');
    expect(requests).toHaveLength(15);
    expect(busiestArrivals(requests)).toBeLessThanOrEqual(5);
    // 15 requests at 5 per window need at least three windows: the limiter really held them back.
    expect(span(requests)).toBeGreaterThanOrEqual(2 * WINDOW_MS);
  }, 20_000);

  it('keeps search requests to 10 per 2 seconds, counting them against the general limit too', async () => {
    sim.seedPerson({ name: 'Jane', emails: [{ value: 'jane@example.com' }] });
    const all = clients(12);
    const searches = all.flatMap((client) => Array.from({ length: 5 }, () => client.searchPersons('jane@example.com', ['email'])));
    const others = all.flatMap((client) => Array.from({ length: 3 }, () => client.listUsers()));
    const results = await Promise.all([...searches, ...others]);
    expect(results.slice(0, searches.length).every((found) => Array.isArray(found) && found.length === 1)).toBe(true);

    const searchRequests = sim.requestsTo('/api/v2/persons/search');
    expect(searchRequests).toHaveLength(15);
    expect(busiestArrivals(searchRequests)).toBeLessThanOrEqual(10);
    expect(busiestArrivals(sim.requests)).toBeLessThanOrEqual(12);
    // 24 requests at 12 per window, 15 searches at 10: at least two windows each.
    expect(span(sim.requests)).toBeGreaterThanOrEqual(WINDOW_MS);
    expect(span(searchRequests)).toBeGreaterThanOrEqual(WINDOW_MS);
  }, 20_000);
});
