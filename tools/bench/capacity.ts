import { createHmac } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import { tc2ClientEvent, Tc2SimClient, tc2WebhookBody } from '@hermes/sandbox';
import type { BenchRow } from './bench-report';

/** The p99 a rate must keep to count as within capacity. */
export const CAPACITY_P99_MS = 50;
/** The rates the capacity phase steps through, per second, until one fails (from below the latency target's 100/s, so a capacity under it is a figure too). */
export const CAPACITY_RATES = [50, 100, 150, 200, 300, 400, 500, 600, 800, 1000];
/** A step whose achieved rate falls this far short of the offered one has queued requests in the client: it fails. */
const ACHIEVED_SHARE = 0.95;

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
}

/**
 * `ratePerSecond` signed deliveries a second of one client event (the same body each time, as a TC2
 * resend of a client nothing changed for), for `seconds`. One connection per 10 requests/s (at least
 * 10): each connection sends its next request only once its last is answered, so the load keeps its
 * rate while answers take under 100 ms.
 */
export async function webhookLoad({ url, apiKey, client }: WebhookLoad, ratePerSecond: number, seconds: number): Promise<LoadResult> {
  const body = JSON.stringify(tc2WebhookBody([tc2ClientEvent(client)]));
  const signature = createHmac('sha256', apiKey).update(body).digest('hex');
  const result = await autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json', 'webhook-signature': signature },
    body,
    connections: Math.max(10, Math.ceil(ratePerSecond / 10)),
    overallRate: ratePerSecond,
    duration: seconds,
  });
  return {
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    requests: result.requests.total,
    achievedPerSecond: result.requests.total / seconds,
    errors: result.errors + result.timeouts + result.non2xx,
    non2xx: result.non2xx,
    timeouts: result.timeouts,
  };
}

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
    `${rate}/s: p50 ${result.p50} ms, p99 ${result.p99} ms, ${result.achievedPerSecond.toFixed(0)}/s reached` +
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
