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

export interface StartupRow {
  entry: string;
  startupMs: number[];
  idleRssMiB: number[];
}

/** Sections of BENCHMARKS.md that `npm run bench` keeps as they are: another command's, or written by hand. */
const SECTIONS = {
  changes: ['<!-- changes: written by hand from the runs it names; npm run bench keeps it -->', '<!-- /changes -->'],
  startup: ['<!-- startup: written by npm run bench:startup -->', '<!-- /startup -->'],
} as const;
export type KeptSection = keyof typeof SECTIONS;
export const KEPT_SECTIONS = Object.keys(SECTIONS) as KeptSection[];

/** The start-up section of BENCHMARKS.md: the machine, then median and range of each entry's runs. */
export function startupMarkdown(rows: StartupRow[], database: string, idleSeconds: number, startedAt: Date, loadAverage: number[]): string {
  const cpu = cpus();
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const spread = (values: number[], digits: number) =>
    `${median(values).toFixed(digits)} (${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)})`;
  return [
    SECTIONS.startup[0],
    '## Start-up: compiled build and swc-node',
    '',
    'Written by `npm run bench:startup` (tools/bench/startup.ts). The API process (HERMES_ROLE=api) started by',
    'itself, alternately compiled (`npm run start:api`: `node dist/…/main.js`) and transpiled at start-up by swc-node',
    `(\`node -r @swc-node/register apps/api/src/main.ts\`, as start:api ran before the build), ${rows[0]?.startupMs.length ?? 0} times each.`,
    '',
    `- Date: ${startedAt.toISOString()}`,
    `- CPU: ${cpu[0]?.model.trim() ?? 'unknown'} × ${cpu.length} cores; RAM ${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `- Node ${process.version} on ${process.platform}/${process.arch}; Postgres: ${database}`,
    `- Load average when it started (1, 5, 15 min): ${loadAverage.map((l) => l.toFixed(2)).join(', ')}`,
    '',
    `| entry | start-up: process start until /health answers, ms, median (range) | idle RSS ${idleSeconds} s after, MiB, median (range) |`,
    '|---|---|---|',
    ...rows.map((row) => `| ${row.entry} | ${spread(row.startupMs, 0)} | ${spread(row.idleRssMiB, 1)} |`),
    SECTIONS.startup[1],
  ].join('\n');
}

/** `markdown` with its section `name` replaced by `section` (appended if it has none; removed if `section` is undefined). */
export function withSection(markdown: string, name: KeptSection, section: string | undefined): string {
  const [beginMarker, endMarker] = SECTIONS[name];
  const begin = markdown.indexOf(beginMarker);
  const end = markdown.indexOf(endMarker);
  const rest = begin >= 0 && end > begin ? markdown.slice(0, begin) + markdown.slice(end + endMarker.length) : markdown;
  return section ? `${rest.trimEnd()}\n\n${section}\n` : rest;
}

/** The section `name` of `markdown`, markers included, if it has one. */
export function sectionOf(markdown: string, name: KeptSection): string | undefined {
  const [beginMarker, endMarker] = SECTIONS[name];
  const begin = markdown.indexOf(beginMarker);
  const end = markdown.indexOf(endMarker);
  return begin >= 0 && end > begin ? markdown.slice(begin, end + endMarker.length) : undefined;
}
