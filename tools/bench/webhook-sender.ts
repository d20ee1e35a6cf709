import { Agent, request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

// The load generator of the webhook phases, run as a process of its own (forked by `webhookLoad`) so
// that its clock and its event loop are not the simulators': in the bench's own process, the answers
// to the worker's Pipedrive requests and the background's webhooks delayed both the sending and the
// timing of the measured requests, and that delay counted as Hermes' latency. As wrk or autocannon
// would, it only sends and times.

/** What to send: the same request, `ratePerSecond` times a second for `seconds`. */
export interface SendOrder {
  url: string;
  headers: Record<string, string>;
  body: string;
  ratePerSecond: number;
  seconds: number;
}

export interface SendReport {
  /** `due`: when each request was due, in epoch ms (the parent's clock and this one's share it); `ms`: its latency from then. */
  answered: { due: number; ms: number }[];
  non2xx: number;
  errors: number;
  timeouts: number;
  elapsedSeconds: number;
}

const REQUEST_TIMEOUT_MS = 10_000;

/**
 * `ratePerSecond` deliveries of the same body, for `seconds`, evenly spaced and each sent when due
 * whether or not the earlier ones were answered (an open loop, as webhooks arrive; keep-alive
 * connections, as many as are in flight). Each latency runs from when its request was due, so a
 * sender that falls behind shows as latency too.
 */
async function send({ url, headers, body, ratePerSecond, seconds }: SendOrder): Promise<SendReport> {
  const target = new URL(url);
  const agent = new Agent({ keepAlive: true, maxSockets: 512 });
  const report: SendReport = { answered: [], non2xx: 0, errors: 0, timeouts: 0, elapsedSeconds: 0 };
  const post = (due: number) =>
    new Promise<void>((resolve) => {
      const req = request({ agent, host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers }, (res) => {
        res.resume();
        res.on('end', () => {
          report.answered.push({ due: performance.timeOrigin + due, ms: performance.now() - due });
          if (res.statusCode! < 200 || res.statusCode! >= 300) report.non2xx++;
          resolve();
        });
      });
      req.setTimeout(REQUEST_TIMEOUT_MS, () => {
        report.timeouts++;
        req.destroy();
      });
      req.on('error', () => {
        report.errors++;
        resolve();
      });
      req.end(body);
    });
  const total = Math.round(ratePerSecond * seconds);
  const started = performance.now();
  const sent: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / ratePerSecond;
    // Timers fire a millisecond late at best: what is due within one is sent now.
    if (due - performance.now() >= 1) await sleep(due - performance.now());
    sent.push(post(due));
  }
  await Promise.all(sent);
  report.elapsedSeconds = (performance.now() - started) / 1000;
  agent.destroy();
  return report;
}

// Forked: one order in, one report out, then gone.
if (require.main === module) {
  process.once('message', (order: SendOrder) => {
    void send(order).then((report) => process.send!(report, () => process.exit(0)));
  });
  process.send!('ready');
}
