import { Logger, LoggerService } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { RetryLater, RetryPolicy, withRetries } from '../common/http-retry.util';
import { exchangeJson } from '../common/json-exchange.util';
import { HermesConfig } from '../config/hermes-config';
import { Tc2Client, Tc2ClientObject, Tc2ClientSavePayload } from './tc2.client';
import { Tc2AuthError, Tc2NotFoundError, Tc2RequestError, Tc2RetriesExhaustedError } from './tc2.errors';

export interface Tc2HttpOptions {
  /** Attempts per request, the first included. */
  attempts?: number;
  /** Backoff before the first retry; it doubles on each further retry, with jitter, up to `maxDelayMs`. */
  baseDelayMs?: number;
  /** Also caps how long a `Retry-After` may make the client wait. */
  maxDelayMs?: number;
  /** Per attempt, response body included. */
  timeoutMs?: number;
  /** How the client waits before a retry; tests pass one that records instead of sleeping. */
  sleep?: (ms: number) => Promise<void>;
  /** Source of jitter in [0, 1); tests pin it to check waits exactly. */
  random?: () => number;
  logger?: Pick<LoggerService, 'warn'>;
}

/**
 * Tc2Client over HTTP (Node's fetch) with `Authorization: token <TC2_API_KEY>`. TC2 allows 100
 * requests a minute, so 429s are expected under load: they wait `Retry-After` when TC2 sends it,
 * else back off exponentially with jitter, as 5xx, timeouts and network errors do. The POST is an
 * upsert by email, so retrying it after a timeout cannot create a second client.
 */
export class Tc2HttpClient extends Tc2Client {
  private readonly retries: RetryPolicy;
  private readonly timeoutMs: number;

  constructor(
    private readonly config: HermesConfig,
    options: Tc2HttpOptions = {},
  ) {
    super();
    this.retries = {
      attempts: options.attempts ?? 5,
      baseDelayMs: options.baseDelayMs ?? 1000,
      maxDelayMs: options.maxDelayMs ?? 60_000,
      sleep: options.sleep ?? ((ms) => sleep(ms)),
      random: options.random ?? Math.random,
      logger: options.logger ?? new Logger(Tc2HttpClient.name),
    };
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  async getClient(id: number): Promise<Tc2ClientObject> {
    if (!Number.isInteger(id) || id < 1) throw new RangeError(`Invalid TC2 client id: ${id}`);
    return this.request('GET', `/api/clients/${id}/`);
  }

  async saveClient(payload: Tc2ClientSavePayload): Promise<Tc2ClientObject> {
    // TC2 answers `{status: 'success', role: <client>}`.
    const saved = await this.request<{ role?: Tc2ClientObject } & Partial<Tc2ClientObject>>('POST', '/api/clients/', payload);
    return (saved.role ?? saved) as Tc2ClientObject;
  }

  async countClients(): Promise<number> {
    const page = await this.request<{ count?: unknown }>('GET', '/api/clients/');
    if (typeof page.count !== 'number') throw new Tc2RequestError('the client list has no count', 'GET', '/api/clients/');
    return page.count;
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const { apiKey, baseUrl } = this.config.tc2;
    if (!apiKey) throw new Error('TC2_API_KEY is not set: configure TC2 (or run in sandbox mode)');
    const url = `${baseUrl}${path}`;

    return withRetries(
      `TC2 ${method} ${path}`,
      this.retries,
      () => this.attempt<T>(method, path, url, apiKey, body),
      (attempts, last) => new Tc2RetriesExhaustedError(attempts, last.problem, method, path, last.status),
    );
  }

  /** One HTTP exchange: the parsed body, a reason to retry, or (thrown) a failure not worth retrying. */
  private async attempt<T>(method: string, path: string, url: string, apiKey: string, body: unknown): Promise<{ value: T } | RetryLater> {
    const exchange = await exchangeJson(url, { method, headers: { authorization: `token ${apiKey}` }, body, timeoutMs: this.timeoutMs });
    if ('failure' in exchange) return { problem: exchange.failure };
    const { response, text } = exchange;

    const { status } = response;
    if (status === 429) return { problem: 'rate limited (429)', waitMs: this.retryAfter(response), status };
    if (status >= 500) return { problem: `server error (${status})`, waitMs: this.retryAfter(response), status };
    if (status === 401 || status === 403) throw new Tc2AuthError(summary(text), method, path, status);
    if (status === 404) throw new Tc2NotFoundError(summary(text), method, path, status);
    if (status >= 400) throw new Tc2RequestError(summary(text), method, path, status);

    try {
      return { value: JSON.parse(text) as T };
    } catch {
      throw new Tc2RequestError(`unreadable response body: ${summary(text)}`, method, path, status);
    }
  }

  /** `Retry-After` (seconds or an HTTP date) plus a little jitter so workers do not retry in lockstep; capped. */
  private retryAfter(response: Response): number | undefined {
    const header = response.headers.get('retry-after');
    if (!header) return undefined;
    const seconds = /^\d+$/.test(header.trim()) ? Number(header) : (Date.parse(header) - Date.now()) / 1000;
    if (!Number.isFinite(seconds)) return undefined;
    const { maxDelayMs, baseDelayMs, random } = this.retries;
    return Math.min(maxDelayMs, Math.max(0, seconds * 1000) + random() * baseDelayMs);
  }
}

/** TC2's error body (often `{field: [messages]}`), short enough for a log line. */
function summary(text: string): string {
  return text.trim().slice(0, 500) || 'no response body';
}
