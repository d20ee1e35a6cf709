import { cpus, totalmem } from 'node:os';

export type Verdict = 'pass' | 'fail' | 'not measured' | 'info';

export interface BenchRow {
  measure: string;
  target: string;
  measured: string;
  verdict: Verdict;
}

export interface BenchSettings {
  durationSeconds: number;
  ratePerSecond: number;
  companies: number;
  pdRateLimitPer2s: number;
  database: string;
}

const VERDICT: Record<Verdict, string> = { pass: '✅ pass', fail: '❌ fail', 'not measured': '— not measured', info: 'reported' };

/** BENCHMARKS.md: the machine, the settings, and one row per measure with its target. */
export function benchmarksMarkdown(rows: BenchRow[], settings: BenchSettings, notes: string[], startedAt: Date): string {
  const cpu = cpus();
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, '<br>');
  return [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (tools/bench/bench.ts); targets as README.md\'s Benchmarks section lists them. Do not edit by hand: run it again.',
    '',
    '## Machine and run',
    '',
    `- Date: ${startedAt.toISOString()}`,
    `- CPU: ${cpu[0]?.model.trim() ?? 'unknown'} × ${cpu.length} cores; RAM ${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `- Node ${process.version} on ${process.platform}/${process.arch}`,
    `- Postgres: ${settings.database}; TC2, Pipedrive and Google Calendar: the sandbox simulators over local HTTP`,
    `- Hermes: one API process (HERMES_ROLE=api) and one worker process (HERMES_ROLE=worker), as \`npm run start:api\` runs them`,
    `- Load: ${settings.ratePerSecond} requests/s for ${settings.durationSeconds} s (BENCH_RATE, BENCH_DURATION_S); ` +
      `throughput over ${settings.companies} companies (BENCH_COMPANIES); PD_RATE_LIMIT_PER_2S=${settings.pdRateLimitPer2s}`,
    '',
    '## Results',
    '',
    '| measure | target | measured | result |',
    '|---|---|---|---|',
    ...rows.map((row) => `| ${cell(row.measure)} | ${cell(row.target)} | ${cell(row.measured)} | ${VERDICT[row.verdict]} |`),
    '',
    ...(notes.length ? ['## Notes', '', ...notes.map((note) => `- ${note}`), ''] : []),
  ].join('\n');
}
