import { LoggerService } from '@nestjs/common';

/** How a client retries one request: attempts (the first included), backoff and where waits go. */
export interface RetryPolicy {
  attempts: number;
  /** Backoff before the first retry; it doubles on each further retry, with jitter, up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** How the client waits before a retry; tests pass one that records instead of sleeping. */
  sleep: (ms: number) => Promise<void>;
  /** Source of jitter in [0, 1). */
  random: () => number;
  logger: Pick<LoggerService, 'warn'>;
}

/** Why an attempt failed in a way worth trying again; `waitMs` when the server said how long to wait. */
export interface RetryLater {
  problem: string;
  waitMs?: number;
  status?: number;
}

/** Exponential backoff with "equal jitter": between half and all of base × 2^(attempt−1), capped. */
export function backoffMs(attempt: number, baseDelayMs: number, maxDelayMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
  return ceiling / 2 + random() * (ceiling / 2);
}

/**
 * The one retry loop of Hermes' HTTP clients: runs `attempt` (1, 2, …) until it gives a value, waiting
 * between attempts what the server asked or the backoff, logging each retry under `label`. A failure
 * not worth retrying is thrown by `attempt` itself; after the last attempt, `exhausted` says what to throw.
 */
export async function withRetries<T>(
  label: string,
  policy: RetryPolicy,
  attempt: (n: number) => Promise<{ value: T } | RetryLater>,
  exhausted: (attempts: number, last: RetryLater) => Error,
): Promise<T> {
  let retry: RetryLater | undefined;
  for (let n = 1; n <= policy.attempts; n++) {
    if (retry) {
      const waitMs = retry.waitMs ?? backoffMs(n - 1, policy.baseDelayMs, policy.maxDelayMs, policy.random);
      policy.logger.warn(`${label}: ${retry.problem}; retrying in ${Math.round(waitMs)} ms (attempt ${n} of ${policy.attempts})`);
      await policy.sleep(waitMs);
    }
    const outcome = await attempt(n);
    if ('value' in outcome) return outcome.value;
    retry = outcome;
  }
  throw exhausted(policy.attempts, retry!);
}
