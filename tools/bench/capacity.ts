import { createHmac } from 'node:crypto';
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { tc2ClientEvent, Tc2SimClient, tc2WebhookBody } from '@hermes/sandbox';
import type { BenchRow } from './bench-report';
import { inQuietSecond, StealSampler } from './cpu-steal';
import type { SendOrder, SendReport } from './webhook-sender';

/** The p99 a rate must keep to count as within capacity. */
export const CAPACITY_P99_MS = 50;
/** The rates the capacity phase steps through, per second, until one fails. */
export const CAPACITY_RATES = [100, 150, 200, 300, 400, 500, 600, 800, 1000];
/** A step whose achieved rate falls this far short of the offered one has queued requests in the client: it fails. */
const ACHIEVED_SHARE = 0.95;
/** Steal below this share of a second (an idle machine here shows 0–1%) counts the second as quiet. */
const QUIET_STEAL_PERCENT = 3;

export interface WebhookLoad {
  /** POST /tc2/callback/ */
  url: string;
  /** TC2's webhook signing key. */
  apiKey: string;
  client: Tc2SimClient;
}

export interface LoadResult {
  p50: number;
  p99: number;
  max: number;
  requests: number;
  achievedPerSecond: number;
  errors: number;
  non2xx: number;
  timeouts: number;
  /** The hypervisor's share of the machine's CPU during the load, in %. */
  steal: { average: number; worstSecond: number };
  /** The requests due in quiet seconds (steal under QUIET_STEAL_PERCENT, that second and the one before): how many, their p99. */
  quiet: { requests: number; p99: number };
}

/**
 * `ratePerSecond` signed deliveries a second of one client event (the same body each time, as a TC2
 * resend of a client nothing changed for), for `seconds`, open loop, sent and timed by a process of
 * its own (webhook-sender.ts). (autocannon's `overallRate` sends each connection's share of a second
 * back to back at the start of that second: a burst of 10 concurrent requests every second, whatever
 * the rate, measured the server at full concurrency, not at the rate.)
 */
export async function webhookLoad({ url, apiKey, client }: WebhookLoad, ratePerSecond: number, seconds: number): Promise<LoadResult> {
  const body = JSON.stringify(tc2WebhookBody([tc2ClientEvent(client)]));
  const headers = {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(body)),
    'webhook-signature': createHmac('sha256', apiKey).update(body).digest('hex'),
  };
  const sender = await startSender();
  const steal = new StealSampler();
  const report = await sender.send({ url, headers, body, ratePerSecond, seconds });
  const { seconds: stealBySecond, ...stealShares } = steal.stop();
  // The sender's epoch times on this process's performance.now() clock, as the steal seconds are.
  const answered = report.answered.map(({ due, ms }) => ({ due: due - performance.timeOrigin, ms }));
  const latencies = answered.map(({ ms }) => ms).sort((a, b) => a - b);
  const quiet = answered.filter(({ due }) => inQuietSecond(stealBySecond, due, QUIET_STEAL_PERCENT)).map(({ ms }) => ms).sort((a, b) => a - b);
  return {
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    max: quantile(latencies, 1),
    requests: Math.round(ratePerSecond * seconds),
    achievedPerSecond: latencies.length / report.elapsedSeconds,
    errors: report.errors + report.non2xx,
    non2xx: report.non2xx,
    timeouts: report.timeouts,
    steal: stealShares,
    quiet: { requests: quiet.length, p99: quantile(quiet, 0.99) },
  };
}

/** The sender process, started and ready for its one order. */
async function startSender(): Promise<{ send: (order: SendOrder) => Promise<SendReport> }> {
  const child = fork(join(__dirname, 'webhook-sender.ts'), [], { execArgv: ['-r', '@swc-node/register'], stdio: 'inherit' });
  const exited = once(child, 'exit').then(([code, signal]) => {
    throw new Error(`The webhook sender exited (${code ?? signal}) before it reported`);
  });
  exited.catch(() => undefined);
  await Promise.race([once(child, 'message'), exited]);
  return {
    send: async (order) => {
      child.send(order);
      const [report] = (await Promise.race([once(child, 'message'), exited])) as [SendReport];
      return report;
    },
  };
}

/** Of sorted latencies, the `q` quantile in ms to one decimal. */
function quantile(sorted: number[], q: number): number {
  return Math.round((sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? NaN) * 10) / 10;
}

/**
 * How much CPU the hypervisor took during a load, and the p99 of the requests due while it took
 * little, for the report: what the code itself gives, beside what this machine gave.
 */
export const describeSteal = ({ steal, quiet }: LoadResult) =>
  `CPU steal ${steal.average}% (worst second ${steal.worstSecond}%); requests due in seconds with steal under ${QUIET_STEAL_PERCENT}%: ` +
  (quiet.requests ? `${quiet.requests}, p99 ${quiet.p99} ms` : 'none');

/**
 * New clients at `perSecond` while it runs, each a webhook whose company the worker then creates in
 * Pipedrive (organization, person, deal): the worker's load while webhooks are measured. Their own
 * answers are not measured; `makeClient(i)` gives each its ids.
 */
export class NewClientStream {
  private stopped = false;
  private failure: unknown;
  private readonly running: Promise<void>;
  sent = 0;

  constructor(perSecond: number, makeClient: (i: number) => Tc2SimClient, send: (client: Tc2SimClient) => Promise<void>) {
    this.running = (async () => {
      const started = Date.now();
      const inFlight: Promise<void>[] = [];
      while (!this.stopped) {
        inFlight.push(send(makeClient(this.sent++)).catch((error: unknown) => void (this.failure ??= error)));
        await sleep(Math.max(0, started + (this.sent * 1000) / perSecond - Date.now()));
      }
      await Promise.all(inFlight);
    })();
  }

  /** Stops sending; resolves with how many were sent once all are answered, or throws the first failure. */
  async stop(): Promise<number> {
    this.stopped = true;
    await this.running;
    if (this.failure) throw this.failure;
    return this.sent;
  }
}

/**
 * The capacity of the TC2 webhook in one run: the rate steps up through CAPACITY_RATES, `stepSeconds`
 * each, until a step's p99 exceeds CAPACITY_P99_MS, an answer fails, or the rate is not reached; the
 * capacity is the highest rate that held. `between` runs after each step (e.g. until the queue is idle);
 * `background`, when given, runs during each step.
 */
export async function webhookCapacity(
  load: WebhookLoad,
  {
    stepSeconds,
    between,
    log,
    background,
  }: { stepSeconds: number; between: () => Promise<unknown>; log: (message: string) => void; background?: () => NewClientStream },
): Promise<BenchRow> {
  const steps: { rate: number; result: LoadResult; held: boolean }[] = [];
  // The client exists, its first sync done, and the code is warm before the steps: each step is
  // resends that change nothing.
  await webhookLoad(load, CAPACITY_RATES[0], 5);
  await between();
  for (const rate of CAPACITY_RATES) {
    log(`Capacity: POST /tc2/callback/ at ${rate}/s for ${stepSeconds} s`);
    const stream = background?.();
    const result = await webhookLoad(load, rate, stepSeconds);
    await stream?.stop();
    const held = result.p99 <= CAPACITY_P99_MS && result.errors === 0 && result.achievedPerSecond >= ACHIEVED_SHARE * rate;
    steps.push({ rate, result, held });
    await between();
    if (!held) break;
  }
  const capacity = steps.filter((step) => step.held).at(-1)?.rate ?? 0;
  const describe = ({ rate, result, held }: (typeof steps)[number]) =>
    `${rate}/s: p50 ${result.p50} ms, p99 ${result.p99} ms, ${result.achievedPerSecond.toFixed(0)}/s reached, ${describeSteal(result)}` +
    (result.errors ? `, ${result.errors} errors` : '') +
    (held ? '' : ' ✗');
  const lastRate = CAPACITY_RATES.at(-1)!;
  return {
    measure: `TC2 webhook capacity: the highest rate at which p99 stays ≤ ${CAPACITY_P99_MS} ms (one client, the rate stepped up in one run, ${stepSeconds} s a step)`,
    target: `reported; at least the 100/s of the latency target`,
    measured:
      `${capacity ? `${capacity}/s` : `below ${CAPACITY_RATES[0]}/s`}${capacity === lastRate ? ' (the highest step: more was not tried)' : ''}. ` +
      steps.map(describe).join('; '),
    verdict: capacity >= 100 && stepSeconds >= 10 ? 'pass' : 'fail',
  };
}
