import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DateTime } from 'luxon';
import { Client } from 'pg';
import { DataSource, In } from 'typeorm';
import { Admin, Company, dataSourceOptions, runMigrations } from '@hermes/database';
import { busiestWindow, RecordedRequest, Sandbox, startSandbox, tc2ClientEvent, Tc2SimClient, tc2WebhookBody } from '@hermes/sandbox';
import { fieldKey, seedBoth } from '@hermes/testing';
import { availableSlots } from '../../apps/api/src/callbooker/available-slots.util';
import { PIPEDRIVE_COMPANY_SYNC_JOB } from '../../apps/api/src/core/sync/outbound-sync.service';
import type { CatchUpRun } from '../../apps/api/src/self-healing/pipedrive-catch-up.service';
import { loadConfig } from '../../apps/api/src/config/hermes-config';
import { BenchRow, benchmarksMarkdown, KEPT_SECTIONS, sectionOf, withSection } from './bench-report';
import { benchDatabase } from './bench-database';
import { describeSteal, NewClientStream, webhookCapacity, webhookLoad } from './capacity';
import { HermesProcess, MemorySampler } from './hermes-process';
import { benchClient } from './bench-client';
import { seedSnapshots } from './scale-seed';
import { scaleBench } from './scale';

/**
 * `npm run bench`: Hermes' performance targets measured against a fresh database, the sandbox, and Hermes as it runs
 * in production (separate API and worker processes); writes BENCHMARKS.md at the repository root.
 * BENCH_DURATION_S, BENCH_RATE, BENCH_CAPACITY_STEP_S, BENCH_COMPANIES, BENCH_CATCH_UP_COMPANIES and BENCH_ONLY shorten runs while developing.
 */

const ROOT = join(__dirname, '../..');
const DURATION_S = positive('BENCH_DURATION_S', 60);
const RATE = positive('BENCH_RATE', 100);
const CAPACITY_STEP_S = positive('BENCH_CAPACITY_STEP_S', 15);
/** The webhook latency target: p99, in ms, at 100/s for 60 s. */
const LATENCY_P99_MS = 25;
const IDLE_RSS_MIB = 150;
/** How long after the webhook load the API's memory is watched for it to settle (V8 shrinks its heap some 30 s after allocation stops). */
const MEMORY_SETTLE_S = 60;
const COMPANIES = positive('BENCH_COMPANIES', 50);
const NEW_CLIENTS = positive('BENCH_NEW_CLIENTS', 300);
const E2E_RATE = 2;
const E2E_DURATION_S = positive('BENCH_E2E_DURATION_S', 60);
const CATCH_UP_COMPANIES = positive('BENCH_CATCH_UP_COMPANIES', 10_000);
const CATCH_UP_INTERVAL_S = 5;
const PD_RATE_LIMIT = positive('PD_RATE_LIMIT_PER_2S', 20);
const SCALE_COMPANIES = positive('BENCH_SCALE_COMPANIES', 100_000);
const SCALE_RUNS = positive('BENCH_SCALE_RUNS', 50);
const SCALE_WEBHOOK_S = positive('BENCH_SCALE_WEBHOOK_S', 60);
/** e.g. `latency,throughput`: run only these measures (while developing). */
const ONLY = process.env.BENCH_ONLY?.split(',').map((name) => name.trim());
const BURST = 100;
const WARM_UP_S = 10;
const TC2_SALES_ID = 301;
/** v2 reads each linked object, then writes it back: org, person and deal. */
const V2_IN_SYNC = 6;
/**
 * v2's first sync of a new client with one contact (its app/pipedrive/api.py at 1dab6ae): an
 * organization search by the cligency id, person searches by the contact's email and by its phone,
 * then the organization, person and deal creates.
 */
const V2_NEW_CLIENT = 'v2: 6, 3 searches (organization by cligency id, person by email, person by phone) + 3 creates';
/** The physical minimum for a new client: one create each for its organization, person and deal. */
const NEW_CLIENT_MINIMUM = 3;

function positive(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!(value > 0)) throw new Error(`${name} must be a positive number`);
  return value;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}


/** Requests per second from the first to the last. */
function throughput(requests: RecordedRequest[]): number {
  const times = requests.map((r) => Date.parse(r.at)).sort((a, b) => a - b);
  return times.length < 2 ? 0 : ((times.length - 1) * 1000) / (times.at(-1)! - times[0]);
}

const describeRequests = (requests: RecordedRequest[]) =>
  requests.length ? requests.map((r) => `${r.method} ${r.path.replace(/\/\d+$/, '/{id}')}`).join(', ') : 'none';

class Bench {
  private readonly rows: BenchRow[] = [];
  private readonly notes: string[] = [];
  private webhookUrl = '';
  private processes: HermesProcess[] = [];

  constructor(
    private readonly sandbox: Sandbox,
    private readonly databaseUrl: string,
    private readonly dataSource: DataSource,
  ) {}

  private get pd() {
    return this.sandbox.pipedrive;
  }

  async run(databaseLabel: string): Promise<string> {
    const startedAt = new Date();
    const seed = await seedBoth(this.dataSource, this.pd);
    await this.dataSource.getRepository(Admin).update(seed.sales.id, { tc2_admin_id: TC2_SALES_ID });

    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    this.webhookUrl = `${baseUrl}/tc2/callback/`;
    const env = {
      ...this.sandbox.env,
      DATABASE_URL: this.databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      HERMES_URL: baseUrl,
      PD_RATE_LIMIT_PER_2S: String(PD_RATE_LIMIT),
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
      // The catch-up would add its requests to what the phases below count: it has a phase of its own.
      PD_RECONCILE_INTERVAL_SECONDS: '0',
    };
    const api = new HermesProcess('api', env);
    let worker: HermesProcess | undefined;
    try {
      await api.healthy(baseUrl);
      worker = new HermesProcess('worker', env);
      this.processes = [api, worker];
      this.log(`API up (pid ${api.pid}), worker pid ${worker.pid}`);
      const phases: Record<string, () => Promise<void>> = {
        requests: () => this.pipedriveRequestsPerEvent(),
        latency: () => this.webhookLatency(api, worker!),
        capacity: async () =>
          void this.rows.push(
            await webhookCapacity(
              { url: this.webhookUrl, apiKey: this.sandbox.tc2.apiKey, client: benchClient(5) },
              { stepSeconds: CAPACITY_STEP_S, between: () => this.idle(), log: (message) => this.log(message), background: this.newClients(5_000) },
            ),
          ),
        'end-to-end': () => this.endToEndLatency(),
        coalescing: () => this.coalescing(),
        throughput: () => this.workerThroughput(),
        availability: () => this.availability(baseUrl),
        'catch-up': () => this.catchUp(env, seed),
        // Last: it grows the database to SCALE_COMPANIES companies.
        scale: async () => {
          const scale = await scaleBench({
            dataSource: this.dataSource, baseUrl, sandbox: this.sandbox, env, seed, companies: SCALE_COMPANIES, runs: SCALE_RUNS,
            webhookRate: RATE, webhookSeconds: SCALE_WEBHOOK_S, log: (message) => this.log(message),
          });
          this.rows.push(...scale.rows);
          this.notes.push(...scale.notes);
        },
      };
      for (const [name, phase] of Object.entries(phases)) {
        if (ONLY && !ONLY.includes(name)) this.notes.push(`Partial run: BENCH_ONLY left out "${name}".`);
        else await phase();
      }
    } finally {
      await Promise.all([api.stop(), worker?.stop()]);
    }
    return benchmarksMarkdown(
      this.rows,
      { durationSeconds: DURATION_S, ratePerSecond: RATE, companies: COMPANIES, pdRateLimitPer2s: PD_RATE_LIMIT, database: databaseLabel },
      this.notes,
      startedAt,
    );
  }

  private log(message: string): void {
    console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);
  }

  private async send(client: Tc2SimClient): Promise<void> {
    const delivery = await this.sandbox.tc2.sendWebhook(this.webhookUrl, tc2WebhookBody([tc2ClientEvent(client)]));
    if (delivery.status !== 200) {
      const logged = this.processes.filter((hermes) => hermes.role === 'api').flatMap((hermes) => hermes.warnings());
      throw new Error(`Webhook answered ${delivery.status ?? delivery.error}: ${delivery.responseBody}${logged.length ? `\nThe API's last warnings:\n${logged.join('\n')}` : ''}`);
    }
  }

  /** Waits until the queue has nothing waiting or running; returns the failed jobs so far. */
  private async idle(timeoutMs = 600_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const [{ pending, failed }] = await this.dataSource.query(
        `SELECT count(*) FILTER (WHERE state < 'completed')::int AS pending, count(*) FILTER (WHERE state = 'failed')::int AS failed FROM pgboss.job`,
      );
      if (pending === 0) return failed;
      for (const hermes of this.processes) hermes.assertRunning();
      if (Date.now() > deadline) throw new Error(`${pending} jobs still pending after ${timeoutMs} ms`);
      await sleep(200);
    }
  }

  /** Pipedrive requests made while `work` runs and the jobs it enqueued finish. */
  private async pipedriveRequestsFor(work: () => Promise<unknown>): Promise<RecordedRequest[]> {
    const mark = this.pd.requests.length;
    await work();
    await this.idle();
    return this.pd.requests.slice(mark);
  }

  private async companyId(client: Tc2SimClient): Promise<number> {
    return (await this.dataSource.getRepository(Company).findOneByOrFail({ tc2_agency_id: client.meta_agency!.id })).id;
  }

  private async syncRuns(companyId: number): Promise<number> {
    // A job that found another waiting for its company ends without running: not a sync.
    const [{ runs }] = await this.dataSource.query(
      `SELECT count(*)::int AS runs FROM pgboss.job WHERE name = $1 AND data->>'companyId' = $2 AND output->>'coalesced' IS NULL`,
      [PIPEDRIVE_COMPANY_SYNC_JOB, String(companyId)],
    );
    return runs;
  }

  private async pipedriveRequestsPerEvent(): Promise<void> {
    this.log('Pipedrive requests per TC2 event');
    const client = benchClient(1);
    const first = await this.pipedriveRequestsFor(() => this.send(client));
    const noop = await this.pipedriveRequestsFor(() => this.send(client));
    const changed = await this.pipedriveRequestsFor(() => this.send({ ...client, meta_agency: { ...client.meta_agency!, website: 'https://bench1.example/new' } }));
    const changedObjects = new Set(changed.map((r) => r.path)).size;
    this.rows.push(
      {
        measure: 'Pipedrive requests, first sync of a new client (org + person + deal)',
        target: `${NEW_CLIENT_MINIMUM}, the creates alone: the physical minimum (${V2_NEW_CLIENT})`,
        measured: `${first.length}: ${describeRequests(first)}`,
        verdict: first.length === NEW_CLIENT_MINIMUM && first.every((r) => r.method === 'POST') ? 'pass' : 'fail',
      },
      {
        measure: 'Pipedrive requests, client event with nothing changed',
        target: `0 (v2: ${V2_IN_SYNC})`,
        measured: `${noop.length}: ${describeRequests(noop)}`,
        verdict: noop.length === 0 ? 'pass' : 'fail',
      },
      {
        measure: 'Pipedrive requests, client event with one changed field (website: on the org, and on the deal as an inherited field)',
        target: `≤ 1 per changed object, here ≤ 2 (v2: ${V2_IN_SYNC})`,
        measured: `${changed.length} for ${changedObjects} changed objects: ${describeRequests(changed)}`,
        verdict: changed.length <= 2 && changed.length === changedObjects && changed.every((r) => r.method === 'PATCH') ? 'pass' : 'fail',
      },
    );
  }

  /**
   * New clients at the rate Pipedrive's limit lets the worker create them (organization, person and
   * deal each), from `firstClient` on: the worker busy while the webhook is measured, as in production.
   */
  private newClients(firstClient: number): () => NewClientStream {
    const perSecond = Math.floor(PD_RATE_LIMIT / 2 / NEW_CLIENT_MINIMUM);
    return () => new NewClientStream(perSecond, (i) => benchClient(firstClient + i), (client) => this.send(client));
  }

  private async webhookLatency(api: HermesProcess, worker: HermesProcess): Promise<void> {
    this.log(`POST /tc2/callback/ at ${RATE}/s for ${DURATION_S} s`);
    const client = benchClient(2);
    const beforeRss = api.rssMiB();
    await this.pipedriveRequestsFor(() => this.send(client));
    const load = (seconds: number) => webhookLoad({ url: this.webhookUrl, apiKey: this.sandbox.tc2.apiKey, client }, RATE, seconds);
    // A server that has been up a while has its code compiled: warm up, then measure.
    await load(WARM_UP_S);
    const commits = await this.commitLatency();
    await this.idle();
    const warmRss = api.rssMiB();
    const background = this.newClients(2_000)();
    const memory = new MemorySampler(api);
    const [apiCpu, workerCpu] = [api.cpuSeconds(), worker.cpuSeconds()];
    const result = await load(DURATION_S);
    const { peak, average } = memory.stop();
    const cpuShare = (target: HermesProcess, before: number) => `${(((target.cpuSeconds() - before) / DURATION_S) * 100).toFixed(0)}%`;
    const [apiShare, workerShare] = [cpuShare(api, apiCpu), cpuShare(worker, workerCpu)];
    const newClients = await background.stop();
    this.notes.push(
      `CPU during the webhook load, as a share of one core: API ${apiShare} (${((((api.cpuSeconds() - apiCpu) / result.requests) * 1000) || 0).toFixed(1)} ms a request, ` +
        `the background's webhooks included), worker ${workerShare}. Each webhook is one transaction, so its latency includes one commit: this Postgres commits a one-row insert in ` +
        `${commits.p50.toFixed(1)} ms (median), ${commits.p99.toFixed(1)} ms (p99) when idle.`,
      `While the webhook latency is measured, ${newClients} new clients arrive in the background (${Math.floor(PD_RATE_LIMIT / 2 / NEW_CLIENT_MINIMUM)}/s, ` +
        `what Pipedrive's limit lets the worker create), their answers not measured: the worker syncs as it would in production instead of idling. ` +
        `The capacity phase has the same background.`,
      `CPU steal, beside each webhook figure: the share of this virtual machine's CPU time its hypervisor gave elsewhere during the load (/proc/stat). ` +
        `While it is high every process here waits, whatever the code does: its worst seconds are the webhook's worst. ` +
        `Beside it, the p99 of the requests due in quiet seconds (steal under 3% in that second and the one before): the verdict stays the whole load's.`,
    );
    await this.idle();
    const settledRss = await this.settledRss(api);
    // The same load once more with the worker idle: how much of the tail is the two cores shared with
    // the background's syncs rather than the webhook's own work.
    const alone = await load(DURATION_S);
    const errors = result.errors;
    this.rows.push(
      {
        measure: `POST /tc2/callback/ (one client, one recipient, a resend that changes nothing) at ${RATE} requests/s for ${DURATION_S} s, after ${WARM_UP_S} s of warm-up, new clients syncing in the background`,
        target: `p99 ≤ ${LATENCY_P99_MS} ms at 100/s for 60 s, no errors`,
        measured: `p50 ${result.p50} ms, p99 ${result.p99} ms, max ${result.max} ms; ${result.requests} requests, ${errors} errors (non-2xx ${result.non2xx}, timeouts ${result.timeouts}); ${describeSteal(result)}`,
        verdict: result.p99 <= LATENCY_P99_MS && errors === 0 && DURATION_S >= 60 && RATE >= 100 ? 'pass' : 'fail',
      },
      {
        measure: `POST /tc2/callback/ as in the row above, with no new clients in the background (the worker idle)`,
        target: 'reported, beside the row above: the tail the webhook has without the worker',
        measured: `p50 ${alone.p50} ms, p99 ${alone.p99} ms, max ${alone.max} ms; ${alone.requests} requests, ${alone.errors} errors; ${describeSteal(alone)}`,
        verdict: 'info',
      },
      {
        measure: 'Memory (RSS) of the API process (compiled build)',
        target: `≤ ${IDLE_RSS_MIB} MiB idle (settled: the lowest within ${MEMORY_SETTLE_S} s after the load); under load reported`,
        measured:
          `idle ${settledRss.toFixed(0)} MiB settled after the load, ${warmRss.toFixed(0)} MiB just after the warm-up, ${beforeRss.toFixed(0)} MiB before it; ` +
          `under load ${average.toFixed(0)} MiB average, ${peak.toFixed(0)} MiB peak`,
        verdict: settledRss <= IDLE_RSS_MIB ? 'pass' : 'fail',
      },
    );
    if (DURATION_S < 60 || RATE < 100) this.notes.push(`The webhook load ran shorter or slower than the target asks (${RATE}/s for ${DURATION_S} s), so it cannot pass.`);
  }

  /** The API's lowest RSS over MEMORY_SETTLE_S, sampled each second: what it settles to once idle. */
  private async settledRss(api: HermesProcess): Promise<number> {
    let lowest = api.rssMiB();
    for (let s = 0; s < MEMORY_SETTLE_S; s++) {
      await sleep(1000);
      lowest = Math.min(lowest, api.rssMiB());
    }
    return lowest;
  }

  /** How long this Postgres takes to commit (and flush) a one-row insert: the floor under any webhook's latency. */
  private async commitLatency(): Promise<{ p50: number; p99: number }> {
    const client = new Client({ connectionString: this.databaseUrl });
    await client.connect();
    try {
      await client.query('CREATE TABLE bench_commit_probe (id serial PRIMARY KEY)');
      const timings: number[] = [];
      for (let i = 0; i < 300; i++) {
        const started = process.hrtime.bigint();
        await client.query('INSERT INTO bench_commit_probe DEFAULT VALUES');
        timings.push(Number(process.hrtime.bigint() - started) / 1e6);
      }
      await client.query('DROP TABLE bench_commit_probe');
      timings.sort((a, b) => a - b);
      return { p50: timings[150], p99: timings[Math.floor(timings.length * 0.99)] };
    } finally {
      await client.end();
    }
  }

  /**
   * New clients at E2E_RATE a second for E2E_DURATION_S: from each TC2 webhook's 200 to the last of
   * the client's creates (its deal) reaching Pipedrive, when its organization, person and deal exist.
   */
  private async endToEndLatency(): Promise<void> {
    const clients = Array.from({ length: E2E_RATE * E2E_DURATION_S }, (_, i) => benchClient(1_000 + i));
    this.log(`End-to-end latency: ${clients.length} new clients at ${E2E_RATE}/s`);
    const mark = this.pd.requests.length;
    const acknowledged = new Map<number, number>();
    const started = Date.now();
    await Promise.all(
      clients.map(async (client, i) => {
        await sleep(Math.max(0, started + (i * 1000) / E2E_RATE - Date.now()));
        await this.send(client);
        acknowledged.set(client.meta_agency!.id, Date.now());
      }),
    );
    const failed = await this.idle();
    const dealCreated = new Map(
      this.pd.requests
        .slice(mark)
        .filter((r) => r.method === 'POST' && r.path === '/api/v2/deals')
        .map((r) => [(r.body as { org_id: number }).org_id, Date.parse(r.at)]),
    );
    const companies = await this.dataSource.getRepository(Company).findBy({ tc2_agency_id: In([...acknowledged.keys()]) });
    const latencies = companies
      .map((company) => (dealCreated.get(company.pd_org_id!) ?? NaN) - acknowledged.get(company.tc2_agency_id!)!)
      .filter(Number.isFinite)
      .sort((a, b) => a - b);
    const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))] / 1000;
    const [p50, p99] = [at(0.5), at(0.99)];
    this.rows.push({
      measure: `End-to-end latency of a new client at ${E2E_RATE} new clients/s for ${E2E_DURATION_S} s: TC2 webhook's 200 → organization, person and deal in Pipedrive`,
      target: 'p50 ≤ 1.5 s, p99 ≤ 3 s (v2: the webhook waited for its Pipedrive requests, no queue)',
      measured: `p50 ${p50.toFixed(2)} s, p99 ${p99.toFixed(2)} s, max ${(latencies.at(-1)! / 1000).toFixed(2)} s; ${latencies.length} of ${clients.length} clients in Pipedrive; failed jobs: ${failed}`,
      verdict: p50 <= 1.5 && p99 <= 3 && latencies.length === clients.length && failed === 0 ? 'pass' : 'fail',
    });
    this.notes.push(
      `What bounds the end-to-end latency: the sync's settle delay (PD_SYNC_SETTLE_MS, 300 ms: the job is due then, and ` +
        `a worker woken by Postgres NOTIFY fetches it at once, no polling interval), then three Pipedrive requests in turn.`,
    );
  }

  /** Bursts of BURST change events for one company, spread evenly over 1 s and over 10 s. */
  private async coalescing(): Promise<void> {
    for (const [n, spreadSeconds] of [
      [3, 1],
      [4, 10],
    ]) {
      this.log(`A burst of ${BURST} events for one company over ${spreadSeconds} s`);
      const client = benchClient(n);
      await this.pipedriveRequestsFor(() => this.send(client));
      const companyId = await this.companyId(client);
      const before = await this.syncRuns(companyId);
      const started = Date.now();
      const requests = await this.pipedriveRequestsFor(() =>
        Promise.all(
          Array.from({ length: BURST }, async (_, i) => {
            await sleep(Math.max(0, started + (i * spreadSeconds * 1000) / BURST - Date.now()));
            await this.send({ ...client, meta_agency: { ...client.meta_agency!, website: `https://bench${n}.example/${i}` } });
          }),
        ),
      );
      const runs = (await this.syncRuns(companyId)) - before;
      const company = await this.dataSource.getRepository(Company).findOneByOrFail({ id: companyId });
      const orgFields = this.pd.object('organization', company.pd_org_id!)?.custom_fields as Record<string, unknown> | undefined;
      const inStep = orgFields?.[fieldKey('Company', 'website')] === company.website;
      this.rows.push({
        measure: `A burst of ${BURST} client events (each a change) for one company, spread over ${spreadSeconds} s`,
        target: '≤ 2 Pipedrive syncs, not 100; Pipedrive ends with Hermes\' state',
        measured: `${runs} syncs, ${requests.length} Pipedrive requests; Pipedrive has Hermes' website: ${inStep ? 'yes' : 'no'}`,
        verdict: runs >= 1 && runs <= 2 && inStep ? 'pass' : 'fail',
      });
    }
  }

  private async workerThroughput(): Promise<void> {
    this.log(`Worker throughput: ${NEW_CLIENTS} new clients, then a change to ${COMPANIES} of them`);
    const clients = Array.from({ length: NEW_CLIENTS }, (_, i) => benchClient(100 + i));
    const firstSyncs = await this.pipedriveRequestsFor(() => Promise.all(clients.map((client) => this.send(client))));
    const firstFailed = await this.idle();
    const changes = await this.pipedriveRequestsFor(() =>
      Promise.all(
        clients.slice(0, COMPANIES).map((client) =>
          this.send({
            ...client,
            meta_agency: { ...client.meta_agency!, website: `${client.meta_agency!.website}/changed` },
            paid_recipients: client.paid_recipients.map((r) => ({ ...r, first_name: 'Janet' })),
          }),
        ),
      ),
    );
    const failed = await this.idle();
    const perSecond = PD_RATE_LIMIT / 2;
    const rate = throughput(changes);
    const busiest = busiestWindow(changes);
    const firstBusiest = busiestWindow(firstSyncs);
    const times = firstSyncs.map((r) => Date.parse(r.at));
    const clientsPerSecond = (NEW_CLIENTS * 1000) / (Math.max(...times) - Math.min(...times));
    const limit = perSecond / NEW_CLIENT_MINIMUM;
    this.rows.push(
      {
        measure: `New-client throughput: ${NEW_CLIENTS} new clients at once (org, person and deal each), PD_RATE_LIMIT_PER_2S=${PD_RATE_LIMIT}`,
        target: `≥ 3.0 new clients/s (the physical limit: ${perSecond} requests/s ÷ ${NEW_CLIENT_MINIMUM} = ${limit.toFixed(2)}; v2: ${(perSecond / 6).toFixed(2)}, searches capped at 5/s), never above ${PD_RATE_LIMIT} in any 2 s, no failed jobs`,
        measured: `${clientsPerSecond.toFixed(2)} new clients/s (${((clientsPerSecond / limit) * 100).toFixed(0)}% of the limit) over ${firstSyncs.length} requests, ${firstSyncs.filter((r) => r.path.endsWith('/search')).length} of them searches; busiest 2 s: ${firstBusiest}; failed jobs: ${firstFailed}`,
        verdict: clientsPerSecond >= 3 && firstBusiest <= PD_RATE_LIMIT && firstFailed === 0 && NEW_CLIENTS >= 300 ? 'pass' : 'fail',
      },
      {
        measure: `Sync worker throughput, ${COMPANIES} companies each with a changed org, person and deal (PATCH only)`,
        target: `within 10% of ${perSecond}/s (PD_RATE_LIMIT_PER_2S=${PD_RATE_LIMIT}), never above ${PD_RATE_LIMIT} in any 2 s`,
        measured: `${rate.toFixed(2)} requests/s over ${changes.length} requests (${((rate / perSecond) * 100).toFixed(0)}% of the limit); busiest 2 s: ${busiest}; failed jobs: ${failed - firstFailed}`,
        verdict: rate >= 0.9 * perSecond && busiest <= PD_RATE_LIMIT && changes.length > 2 * PD_RATE_LIMIT && failed === 0 ? 'pass' : 'fail',
      },
    );
    if (changes.length <= 2 * PD_RATE_LIMIT) this.notes.push('Too few companies (BENCH_COMPANIES) to measure throughput over more than two rate windows.');
  }

  /**
   * The scheduled catch-up over an account of CATCH_UP_COMPANIES companies (each with an
   * organization, a person and a deal, last changed an hour ago): what a run costs when nothing
   * changed, and when one organization was renamed. A worker of its own runs it every few seconds.
   */
  private async catchUp(env: Record<string, string>, seed: Awaited<ReturnType<typeof seedBoth>>): Promise<void> {
    this.log(`Catch-up over ${CATCH_UP_COMPANIES} companies`);
    const pd = this.pd;
    // As Hermes would have left them: each organization carrying its company's hermes_id.
    const owner = seed.sales.pd_owner_id!;
    const companyIds = (
      (await this.dataSource.query(
        `INSERT INTO company (name, sales_person_id, price_plan, narc, has_booked_call, has_signed_up)
         SELECT 'Catch-up Tutors ' || n, $1, 'payg', false, false, false FROM generate_series(1, $2) AS n RETURNING id`,
        [seed.sales.id, CATCH_UP_COMPANIES],
      )) as { id: number }[]
    ).map((row) => row.id);
    pd.setTime(new Date(Date.now() - 60 * 60 * 1000));
    const orgIds = companyIds.map((companyId, i) => {
      const org = pd.seedOrganization({ name: `Catch-up Tutors ${i + 1}`, owner_id: owner, custom_fields: { [fieldKey('Company', 'hermes_id')]: companyId } });
      const person = pd.seedPerson({ name: `Person ${i + 1}`, org_id: org.id, owner_id: owner });
      pd.seedDeal({ title: `Catch-up Tutors ${i + 1}`, org_id: org.id, person_id: person.id, owner_id: owner, stage_id: seed.entryStage.pd_stage_id });
      return org.id;
    });
    pd.setTime(null);
    await this.dataSource.query(`UPDATE company SET pd_org_id = ids.pd_org_id FROM unnest($1::int[], $2::int[]) AS ids(id, pd_org_id) WHERE company.id = ids.id`, [
      companyIds,
      orgIds,
    ]);
    const lastRun = async () =>
      ((await this.dataSource.query(`SELECT value FROM hermes_state WHERE key = 'pipedrive.catch-up.last-run'`)) as { value: CatchUpRun }[])[0]?.value;
    const nextRun = async () => {
      const after = Date.now();
      for (const deadline = after + 120_000; Date.now() < deadline; await sleep(200)) {
        const run = await lastRun();
        if (run && Date.parse(run.at) > after) return run;
      }
      throw new Error('No catch-up run within 120 s');
    };
    const worker = new HermesProcess('worker', { ...env, PD_RECONCILE_INTERVAL_SECONDS: String(CATCH_UP_INTERVAL_S) });
    this.processes.push(worker);
    try {
      await nextRun();
      const quiet = [await nextRun(), await nextRun()];
      pd.editInApp('organization', orgIds[Math.floor(orgIds.length / 2)], { name: 'Renamed Tutors' });
      const renamed = await nextRun();
      const applied = Object.values(renamed.summary).reduce((sum, outcomes) => sum + outcomes.applied, 0);
      const renamedInHermes = (await this.dataSource.getRepository(Company).countBy({ name: 'Renamed Tutors' })) === 1;
      this.rows.push(
        {
          measure: `Catch-up run with nothing changed, ${CATCH_UP_COMPANIES} companies (organization, person and deal each) in Pipedrive`,
          target: '≤ 1 request per kind of object (5: pipelines, stages, organizations, persons, deals); the physical minimum, one list per kind. v2: no catch-up (lost webhooks stayed lost)',
          measured: quiet.map((run) => `${run.requests} requests in ${run.durationMs} ms`).join('; '),
          verdict: quiet.every((run) => run.requests <= 5) ? 'pass' : 'fail',
        },
        {
          measure: `Catch-up run after one organization of ${CATCH_UP_COMPANIES} was renamed in Pipedrive (its webhook lost)`,
          target: 'the rename applied in one run, still ≤ 5 requests',
          measured: `${renamed.requests} requests in ${renamed.durationMs} ms; ${applied} change applied; Hermes has the new name: ${renamedInHermes ? 'yes' : 'no'}`,
          verdict: renamed.requests <= 5 && applied === 1 && renamedInHermes ? 'pass' : 'fail',
        },
      );
      this.notes.push(
        `The catch-up's webhook health check adds one request per run (GET /api/v1/webhooks), not counted above. At the default ` +
          `PD_RECONCILE_INTERVAL_SECONDS=300 a quiet day costs 288 runs × 6 = 1,728 requests of Pipedrive's daily budget.`,
      );
    } finally {
      await worker.stop();
    }
    // Left as Hermes' own syncs would leave them (what was sent recorded), so later phases that sync
    // everything (scale's sync to-pipedrive --all) find them in step, not 10,000 first syncs.
    await seedSnapshots(this.dataSource, loadConfig(env).tc2.baseUrl, Math.min(...companyIds), Math.max(...companyIds));
  }

  /**
   * The Google requests of one `GET /callbooker/availability/` for 4 weeks, and the slot computation
   * alone (in this process: the pure function the endpoint runs), median of many runs.
   */
  private async availability(baseUrl: string): Promise<void> {
    this.log('Availability for a 4-week window');
    const monday = DateTime.utc().plus({ weeks: 1 }).startOf('week');
    const range = { start: monday.toJSDate(), end: monday.plus({ weeks: 4 }).toJSDate() };
    // Two meetings a working day, as a busy salesperson's calendar has.
    const busy = Array.from({ length: 40 }, (_, i) => {
      const start = monday.plus({ days: Math.floor(i / 2) + 2 * Math.floor(i / 10), hours: 11 + 3 * (i % 2) });
      return { start: start.toJSDate(), end: start.plus({ minutes: 45 }).toJSDate() };
    });
    const day = { dayStart: '10:00', dayEnd: '17:30', durationMins: 30, bufferMins: 15 };
    for (let i = 0; i < 200; i++) availableSlots(range, 'Europe/London', day, busy);
    const timings: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const started = process.hrtime.bigint();
      availableSlots(range, 'Europe/London', day, busy);
      timings.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    timings.sort((a, b) => a - b);
    const median = timings[timings.length / 2];
    const p99 = timings[Math.floor(timings.length * 0.99)];

    const google = this.sandbox.googleCalendar;
    const mark = google.requests.length;
    const query = new URLSearchParams({ admin_id: '1', start_dt: range.start.toISOString(), end_dt: range.end.toISOString() });
    const response = await fetch(`${baseUrl}/callbooker/availability/?${query}`);
    const calls = google.requests.slice(mark);
    const freeBusy = calls.filter((r) => r.path.endsWith('/freeBusy')).length;
    const slots = response.ok ? ((await response.json()) as { slots?: unknown[] }).slots?.length : undefined;
    const endpoint =
      response.status === 404 && !slots
        ? 'GET /callbooker/availability/ answered 404 (not built yet?): Google requests not measured'
        : `GET /callbooker/availability/ → ${response.status}, ${slots ?? 0} slots; Google: ${freeBusy} free/busy request(s)` +
          (calls.length > freeBusy ? ` and ${calls.length - freeBusy} token request(s)` : '');
    this.rows.push({
      measure: 'Availability for a 4-week window (40 busy periods)',
      target: 'one Google request; computation under 5 ms',
      measured: `computation: median ${median.toFixed(3)} ms, p99 ${p99.toFixed(3)} ms over ${timings.length} runs; ${endpoint}`,
      verdict: median < 5 && freeBusy === 1 && response.ok ? 'pass' : response.status === 404 ? 'not measured' : 'fail',
    });
  }
}

async function main(): Promise<void> {
  // The disk's writeback is not Hermes' to measure: `npm ci` just before leaves about 800 MB unwritten,
  // and its 30 s of writing stalled the first webhook load's commits (p99 65 ms, against 27 ms after a sync).
  execFileSync('sync');
  const database = await benchDatabase();
  const sandbox = await startSandbox();
  let dataSource: DataSource | undefined;
  try {
    await runMigrations(database.url);
    dataSource = await new DataSource(dataSourceOptions(database.url)).initialize();
    const markdown = await new Bench(sandbox, database.url, dataSource).run(database.label);
    const file = join(ROOT, 'BENCHMARKS.md');
    // The start-up section is npm run bench:startup's, and what each change bought is written by hand: kept as they are.
    const previous = existsSync(file) ? readFileSync(file, 'utf8') : '';
    writeFileSync(file, KEPT_SECTIONS.reduce((text, name) => withSection(text, name, sectionOf(previous, name)), markdown));
    console.log(`\n${markdown}\nWrote ${join(ROOT, 'BENCHMARKS.md')}`);
  } finally {
    await dataSource?.destroy();
    await sandbox.stop();
    await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
