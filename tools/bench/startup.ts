import 'reflect-metadata';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { runMigrations } from '@hermes/database';
import { benchDatabase } from './bench-database';
import { StartupRow, startupMarkdown, withSection } from './bench-report';
import { HermesEntry, HermesProcess } from './hermes-process';

/**
 * `npm run bench:startup`: how long the API process takes from its start until GET /health answers,
 * and its resident memory once idle, compiled and transpiled at start-up by swc-node. Writes its
 * section of BENCHMARKS.md. BENCH_STARTUP_RUNS (default 5) runs of each, alternating.
 */

const ROOT = join(__dirname, '../..');
const RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 5);
const IDLE_S = 5;
const ENTRIES: { entry: HermesEntry; label: string }[] = [
  { entry: 'compiled', label: 'compiled (`npm run start:api`)' },
  { entry: 'swc-node', label: 'swc-node (before)' },
];

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function measure(entry: HermesEntry, databaseUrl: string): Promise<{ startupMs: number; idleRssMiB: number }> {
  const port = await freePort();
  const started = performance.now();
  const api = new HermesProcess('api', { DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' }, entry);
  try {
    await api.healthy(`http://127.0.0.1:${port}`, 60_000, 10);
    const startupMs = performance.now() - started;
    await sleep(IDLE_S * 1000);
    return { startupMs, idleRssMiB: api.rssMiB() };
  } finally {
    await api.stop();
  }
}

async function main(): Promise<void> {
  if (!(RUNS > 0)) throw new Error('BENCH_STARTUP_RUNS must be a positive number');
  const startedAt = new Date();
  const loadAverage = loadavg();
  const database = await benchDatabase();
  try {
    await runMigrations(database.url);
    const rows: StartupRow[] = ENTRIES.map(({ label }) => ({ entry: label, startupMs: [], idleRssMiB: [] }));
    // One unmeasured run of each first: the first start after a build reads files the page cache lacks.
    for (const { entry } of ENTRIES) await measure(entry, database.url);
    for (let run = 0; run < RUNS; run++) {
      for (const [i, { entry }] of ENTRIES.entries()) {
        const { startupMs, idleRssMiB } = await measure(entry, database.url);
        rows[i].startupMs.push(startupMs);
        rows[i].idleRssMiB.push(idleRssMiB);
        console.log(`${entry}: ${startupMs.toFixed(0)} ms, ${idleRssMiB.toFixed(1)} MiB`);
      }
    }
    const section = startupMarkdown(rows, database.label, IDLE_S, startedAt, loadAverage);
    const file = join(ROOT, 'BENCHMARKS.md');
    writeFileSync(file, withSection(existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n', 'startup', section));
    console.log(`\n${section}\nWrote ${file}`);
  } finally {
    await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
