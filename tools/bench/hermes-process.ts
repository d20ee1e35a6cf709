import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const ROOT = join(__dirname, '../..');

/**
 * How the process runs main.ts: `compiled` as `npm run start:api` does (the build in dist/, from
 * `npm run build`), `swc-node` transpiling it at start-up as `npm start` does start.ts.
 */
export type HermesEntry = 'compiled' | 'swc-node';
const ENTRY_ARGS: Record<HermesEntry, string[]> = {
  compiled: ['--enable-source-maps', 'dist/apps/api/apps/api/src/main.js'],
  'swc-node': ['-r', '@swc-node/register', 'apps/api/src/main.ts'],
};

/** A Hermes process as `npm run start:api` runs it, but spawned as node itself so its pid is the one to measure. */
export class HermesProcess {
  private readonly child: ChildProcess;
  private output = '';
  /** Where the process's own log (its stdout) goes, to be read when something it answered needs explaining. */
  private readonly logDir = mkdtempSync(join(tmpdir(), 'hermes-bench-'));

  constructor(
    readonly role: 'api' | 'worker',
    env: Record<string, string>,
    entry: HermesEntry = 'compiled',
  ) {
    if (entry === 'compiled' && !existsSync(join(ROOT, ENTRY_ARGS.compiled[1]))) throw new Error('No compiled build: run `npm run build` first');
    // BENCH_CPU_PROF_DIR: each process writes a V8 CPU profile there (named with its pid) when it stops.
    const profile = process.env.BENCH_CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF_DIR}`] : [];
    const log = openSync(join(this.logDir, 'log.jsonl'), 'w');
    this.child = spawn(process.execPath, [...profile, ...ENTRY_ARGS[entry]], {
      cwd: ROOT,
      env: { ...process.env, ...env, HERMES_ROLE: role },
      stdio: ['ignore', log, 'pipe'],
    });
    closeSync(log);
    this.child.stderr!.on('data', (chunk: Buffer) => (this.output = (this.output + chunk.toString()).slice(-4000)));
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Resident memory in MiB, from /proc (Linux). */
  rssMiB(): number {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const kib = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
    return kib / 1024;
  }

  /** CPU time used so far (user + system), in seconds, from /proc (Linux; clock ticks of 1/100 s). */
  cpuSeconds(): number {
    // The fields after the command name, which is in parentheses and may itself hold spaces.
    const fields = readFileSync(`/proc/${this.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  }

  /** The last `count` warnings and errors the process logged (pino's levels 40 and up). */
  warnings(count = 5): string[] {
    const lines = readFileSync(join(this.logDir, 'log.jsonl'), 'utf8').split('\n');
    return lines.filter((line) => /^\{"level":(4|5|6)\d/.test(line)).slice(-count);
  }

  /** Throws, with what the process printed last, if it has exited. */
  assertRunning(): void {
    if (this.child.exitCode !== null || this.child.signalCode !== null) {
      throw new Error(`The ${this.role} process exited (${this.child.exitCode ?? this.child.signalCode}):\n${this.output}`);
    }
  }

  /** Waits until GET /health answers 200, asking every `pollMs`. */
  async healthy(baseUrl: string, timeoutMs = 120_000, pollMs = 250): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      this.assertRunning();
      const status = await fetch(`${baseUrl}/health`).then((r) => r.status, () => 0);
      if (status === 200) return;
      await sleep(pollMs);
    }
    throw new Error(`The ${this.role} process was not healthy within ${timeoutMs} ms:\n${this.output}`);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve));
      this.child.kill('SIGTERM');
      await Promise.race([exited, sleep(15_000).then(() => this.child.kill('SIGKILL'))]);
    }
    rmSync(this.logDir, { recursive: true, force: true });
  }
}

/** Samples a process's memory every `intervalMs` until stopped. */
export class MemorySampler {
  private readonly samples: number[] = [];
  private readonly timer: NodeJS.Timeout;

  constructor(target: HermesProcess, intervalMs = 500) {
    this.timer = setInterval(() => this.samples.push(target.rssMiB()), intervalMs);
  }

  stop(): { peak: number; average: number } {
    clearInterval(this.timer);
    const peak = Math.max(...this.samples);
    const average = this.samples.reduce((sum, s) => sum + s, 0) / this.samples.length;
    return { peak, average };
  }
}
