import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { DataSource } from 'typeorm';
import { Company } from '@hermes/database';
import { Sandbox, Tc2SimClient } from '@hermes/sandbox';
import type { Seed } from '@hermes/testing';
import { CookieJar, googleAccount, signedIn } from '../../apps/api/src/auth/__fixtures__/admin-app.fixture';
import { loadConfig } from '../../apps/api/src/config/hermes-config';
import { benchClient } from './bench-client';
import type { BenchRow } from './bench-report';
import { describeSteal, LoadResult, WebhookLoad, webhookLoad } from './capacity';
import { seedScale, seedSnapshots } from './scale-seed';

const ROOT = join(__dirname, '../..');
const TARGET_MS = 200;
const CLI_TARGET_S = 60;
/** As bench.ts's latency phase: a server that has been up a while has its code compiled. */
const WARM_UP_S = 10;

export interface ScaleOptions {
  dataSource: DataSource;
  /** The running API process. */
  baseUrl: string;
  sandbox: Sandbox;
  /** The environment the API and worker run with: the CLI gets the same. */
  env: Record<string, string>;
  seed: Seed;
  companies: number;
  /** Timed runs of each SPA view. */
  runs: number;
  webhookRate: number;
  webhookSeconds: number;
  log(message: string): void;
}

interface Timings {
  p50: number;
  p99: number;
  max: number;
}

function percentiles(values: number[]): Timings {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))];
  return { p50: at(0.5), p99: at(0.99), max: sorted.at(-1)! };
}

const failures = (r: LoadResult) => r.errors + r.non2xx + r.timeouts;
const ms = (t: Timings) => `median ${t.p50.toFixed(0)} ms, p99 ${t.p99.toFixed(0)} ms, max ${t.max.toFixed(0)} ms`;

/**
 * Hermes with a large account: `companies` companies with their contacts, deals and webhook log
 * (scale-seed.ts), all as Hermes would have left them after syncing
 * (linked to Pipedrive, what was last sent recorded). Measures what the SPA asks for (company
 * list, search, a company's page) over HTTP, `sync to-pipedrive --all` with nothing changed, and a
 * TC2 webhook's latency before and after the data set is there.
 */
export async function scaleBench(options: ScaleOptions): Promise<{ rows: BenchRow[]; notes: string[] }> {
  const { dataSource, log } = options;
  const rows: BenchRow[] = [];
  const notes: string[] = [];

  // Ids far from the other phases' clients and from the seeded companies'.
  const client = benchClient(880_000);
  const webhook = new WebhookProbe(options, client);
  await webhook.send();
  await idle(dataSource);
  log(`Scale: TC2 webhook at ${options.webhookRate}/s for ${options.webhookSeconds} s, small database`);
  const small = await webhook.measure();

  log(`Scale: seeding ${options.companies} companies`);
  const seedStarted = Date.now();
  const { firstId, lastId } = await seedScale(
    dataSource,
    { salesId: options.seed.sales.id, pipelineId: options.seed.pipeline.id, stageId: options.seed.entryStage.id },
    options.companies,
  );
  await seedSnapshots(dataSource, loadConfig(options.env).tc2.baseUrl, firstId, lastId);
  await dataSource.query('ANALYZE');
  const counts = await tableCounts(dataSource);
  notes.push(
    `Scale data set (${((Date.now() - seedStarted) / 1000).toFixed(0)} s to seed, set-based SQL; snapshots from Hermes' own payload builders): ` +
      Object.entries(counts).map(([table, n]) => `${n.toLocaleString('en')} ${table}`).join(', ') + '.',
  );

  const spa = await SpaClient.signIn(options);
  const sample = await dataSource.getRepository(Company).findOneByOrFail({ id: firstId + Math.floor(options.companies / 2) });
  const word = sample.name.split(' ')[0];
  const views: [string, () => Promise<void>][] = [
    ['Company list (first page, newest first)', () => spa.list({})],
    [`Search by name, a common word ("${word}": ${await matches(dataSource, word)} companies)`, () => spa.list({ q: word })],
    [`Search by name, one company ("${sample.name}")`, () => spa.list({ q: sample.name })],
    [`Search by id ("${sample.id}")`, () => spa.list({ q: String(sample.id) })],
    ["A company's page (the company with its sync status, then its contacts, deals and timeline)", () => spa.page(sample.id)],
  ];
  for (const [measure, view] of views) {
    log(`Scale: ${measure}`);
    const timings = percentiles(await timed(view, options.runs));
    rows.push({
      measure: `${measure}, ${options.companies.toLocaleString('en')} companies, over HTTP as the SPA asks`,
      target: `under ${TARGET_MS} ms (p99)`,
      measured: `${ms(timings)} over ${options.runs} runs`,
      verdict: timings.p99 < TARGET_MS ? 'pass' : 'fail',
    });
  }
  notes.push(
    `A company's page is timed from its first request to its last answer: GET /admin-api/companies/{id}, then together its contacts and ` +
      `deals (getManyReference, 25 a page) and its timeline (100 entries), as the SPA asks once the company is shown.`,
  );

  log('Scale: sync to-pipedrive --all with nothing changed');
  const quiet = await cli(options, ['sync', 'to-pipedrive', '--all']);
  rows.push({
    measure: `\`sync to-pipedrive --all\` with nothing changed, ${options.companies.toLocaleString('en')} companies in step`,
    target: `0 Pipedrive requests, under ${CLI_TARGET_S} s (as \`npm run hermes\` runs it: start-up included)`,
    measured: `${quiet.requests} requests, ${quiet.seconds.toFixed(1)} s: "${quiet.summary}"`,
    verdict: quiet.ok && quiet.requests === 0 && quiet.seconds < CLI_TARGET_S ? 'pass' : 'fail',
  });

  log(`Scale: TC2 webhook at ${options.webhookRate}/s for ${options.webhookSeconds} s, large database`);
  await idle(dataSource);
  const large = await webhook.measure();
  const allowed = Math.max(small.p99 * 1.25, small.p99 + 5);
  rows.push({
    measure: `POST /tc2/callback/ (one client, nothing changed) at ${options.webhookRate}/s for ${options.webhookSeconds} s, ${options.companies.toLocaleString('en')} companies`,
    target: `p99 unchanged from the small database (within 25% or 5 ms: ≤ ${allowed.toFixed(0)} ms), no errors`,
    measured: `small database: ${webhook.describe(small)}; large: ${webhook.describe(large)}`,
    verdict: large.p99 <= allowed && failures(large) === 0 && failures(small) === 0 ? 'pass' : 'fail',
  });
  notes.push('The small-database webhook figure is measured in the scale phase itself, before seeding, with the same client and load.');

  // The webhook's own company is in Pipedrive (the simulator) for real: a change to it is a PATCH there.
  await idle(dataSource);
  const own = await dataSource.getRepository(Company).findOneByOrFail({ tc2_agency_id: client.meta_agency!.id });
  await dataSource.query(`UPDATE company SET website = website || '/changed' WHERE id = $1`, [own.id]);
  log("Scale: sync to-pipedrive --all after one company's website changed");
  const changed = await cli(options, ['sync', 'to-pipedrive', '--all']);
  rows.push({
    measure: `\`sync to-pipedrive --all\` after one company's website changed, ${options.companies.toLocaleString('en')} companies`,
    target: 'only that company synced: its organization and its deal (which inherits the website), 2 PATCHes',
    measured: `${changed.requests} requests (${changed.paths.join(', ') || 'none'}), ${changed.seconds.toFixed(1)} s: "${changed.summary}"`,
    verdict: changed.ok && changed.requests === 2 && changed.paths.every((path) => path.startsWith('PATCH')) ? 'pass' : 'fail',
  });
  return { rows, notes };
}


/** The same signed webhook, sent again and again, as the latency phase sends it (capacity.ts's open loop). */
class WebhookProbe {
  private readonly load: WebhookLoad;

  constructor(
    private readonly options: ScaleOptions,
    client: Tc2SimClient,
  ) {
    this.load = { url: `${options.baseUrl}/tc2/callback/`, apiKey: options.sandbox.tc2.apiKey, client };
  }

  async send(): Promise<void> {
    const result = await webhookLoad(this.load, 1, 1);
    if (result.requests !== 1 || failures(result)) throw new Error(`The webhook was not answered 200: ${JSON.stringify(result)}`);
  }

  async measure(): Promise<LoadResult> {
    await webhookLoad(this.load, this.options.webhookRate, WARM_UP_S);
    return webhookLoad(this.load, this.options.webhookRate, this.options.webhookSeconds);
  }

  describe(r: LoadResult): string {
    return `p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, max ${r.max.toFixed(0)} ms (${r.requests} requests, ${failures(r)} errors, ${describeSteal(r)})`;
  }
}

/** The admin SPA's requests, with the session cookie of a signed-in admin. */
class SpaClient {
  private constructor(
    private readonly baseUrl: string,
    private readonly jar: CookieJar,
  ) {}

  static async signIn(options: ScaleOptions): Promise<SpaClient> {
    const email = options.seed.sales.username;
    options.sandbox.googleSignIn.addAccount(googleAccount(email));
    return new SpaClient(options.baseUrl, await signedIn(options.baseUrl, email));
  }

  private async get(path: string): Promise<unknown> {
    const response = await this.jar.fetch(`${this.baseUrl}/admin-api/${path}`, { headers: { accept: 'application/json' } });
    if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}: ${await response.text()}`);
    return response.json();
  }

  /** ra-data-simple-rest's getList, as the company list asks for its first page. */
  async list(filter: Record<string, unknown>): Promise<void> {
    const query = new URLSearchParams({ filter: JSON.stringify(filter), range: '[0,9]', sort: '["id","DESC"]' });
    await this.get(`companies?${query}`);
  }

  /** The show page: getOne, then its ReferenceManyFields (getManyReference: 25 a page, newest first) and the timeline. */
  async page(id: number): Promise<void> {
    await this.get(`companies/${id}`);
    const reference = new URLSearchParams({ filter: JSON.stringify({ company_id: id }), range: '[0,24]', sort: '["id","DESC"]' });
    await Promise.all([this.get(`contacts?${reference}`), this.get(`deals?${reference}`), this.get(`companies/${id}/timeline?limit=100`)]);
  }
}

async function timed(view: () => Promise<void>, runs: number): Promise<number[]> {
  for (let i = 0; i < 3; i++) await view();
  const timings: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    await view();
    timings.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return timings;
}

async function tableCounts(dataSource: DataSource): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of ['company', 'contact', 'deal', 'meeting', 'customfieldvalue', 'webhook_log', 'sync_write', 'pipedrive_sync_snapshot']) {
    counts[table] = Number((await dataSource.query(`SELECT count(*) AS n FROM ${table}`))[0].n);
  }
  return counts;
}

async function matches(dataSource: DataSource, word: string): Promise<number> {
  const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM company WHERE name ILIKE $1 OR website ILIKE $1`, [`%${word}%`]);
  return n;
}

/** Waits until the job queue has nothing waiting or running. */
async function idle(dataSource: DataSource, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [{ pending }] = await dataSource.query(`SELECT count(*)::int AS pending FROM pgboss.job WHERE state < 'completed'`);
    if (pending === 0) return;
    if (Date.now() > deadline) throw new Error(`${pending} jobs still pending after ${timeoutMs} ms`);
    await sleep(200);
  }
}

/** An operator command run as `npm run hermes` runs it; the Pipedrive requests it made and how long it took. */
async function cli(options: ScaleOptions, args: string[]): Promise<{ ok: boolean; requests: number; paths: string[]; seconds: number; summary: string }> {
  const pd = options.sandbox.pipedrive;
  const mark = pd.requests.length;
  const started = Date.now();
  let output = '';
  let ok = true;
  try {
    const { stdout } = await promisify(execFile)(process.execPath, ['-r', '@swc-node/register', 'apps/api/src/cli/main.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, ...options.env, LOG_LEVEL: 'warn' },
      maxBuffer: 64 * 1024 * 1024,
    });
    output = stdout;
  } catch (error) {
    ok = false;
    output = `${(error as { stdout?: string }).stdout ?? ''}${(error as Error).message}`;
  }
  const seconds = (Date.now() - started) / 1000;
  const requests = pd.requests.slice(mark);
  const summary = output.trim().split('\n').at(-1)?.slice(0, 300) ?? '';
  return { ok, requests: requests.length, paths: requests.map((r) => `${r.method} ${r.path.replace(/\/\d+$/, '/{id}')}`), seconds, summary };
}
