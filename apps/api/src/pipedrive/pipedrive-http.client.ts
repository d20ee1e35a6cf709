import { AsyncLocalStorage } from 'node:async_hooks';
import { Logger, LoggerService } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { RetryLater, RetryPolicy, withRetries } from '../common/http-retry.util';
import { exchangeJson } from '../common/json-exchange.util';
import { HermesConfig } from '../config/hermes-config';
import type { MetricsService } from '../metrics/metrics.service';
import {
  PdAccountStatus,
  PdActivity,
  PdActivityInput,
  PdDeal,
  PdDealInput,
  PdField,
  PdFieldEntity,
  PdFieldInput,
  PdListed,
  PdListedEntity,
  PdOrganization,
  PdOrganizationInput,
  PdOrganizationSearchField,
  PdOrganizationSearchItem,
  PdPage,
  PdPerson,
  PdPersonInput,
  PdPersonSearchField,
  PdPersonSearchItem,
  PdPipeline,
  PdStage,
  PdUser,
  PdWebhook,
  PdWebhookInput,
  PipedriveClient,
} from './pipedrive.client';
import {
  PipedriveAuthError,
  PipedriveDailyBudgetError,
  PipedriveGoneError,
  PipedriveRequestError,
  PipedriveRetriesExhaustedError,
} from './pipedrive.errors';
import { PipedriveRateLimiter } from './pipedrive-rate-limiter';

export interface PipedriveHttpOptions {
  /** Attempts per request, the first included. */
  attempts?: number;
  /** Backoff before the first retry; it doubles on each further retry, with jitter, up to `maxDelayMs`. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Per attempt, response body included. */
  timeoutMs?: number;
  /** Items per page when listing (v2 allows up to 500). */
  pageSize?: number;
  /** Told `x-daily-requests-left` of each answer that carries it. */
  onDailyBudget?: (left: number) => void;
  /** How the client waits before a retry; tests pass one that does not really wait. */
  sleep?: (ms: number) => Promise<void>;
  logger?: Pick<LoggerService, 'warn'>;
  /** Where each exchange is counted (the app's MetricsService); none when absent. */
  metrics?: Pick<MetricsService, 'pipedriveRequest' | 'pipedriveRateLimit' | 'pipedriveDailyBudgetLeft'>;
}

const LIST_PATHS: Record<PdListedEntity, string> = { organization: 'organizations', person: 'persons', deal: 'deals' };

interface Envelope<T> {
  success?: boolean;
  data: T;
  additional_data?: { next_cursor?: string | null } | null;
}

interface Answer<T> {
  envelope: Envelope<T>;
  headers: Headers;
}

interface RequestSpec {
  query?: Record<string, string>;
  body?: unknown;
  /** Search endpoints have their own, smaller rate limit. */
  search?: boolean;
}

/**
 * PipedriveClient over HTTP (Node's fetch), with `x-api-token` auth, cursor pagination for lists,
 * the shared rate limiter in front of every attempt, and retries: 429 and Cloudflare's 403 page
 * wait `x-ratelimit-reset`; 5xx, network errors, timeouts and Pipedrive's occasional empty 200
 * back off exponentially. Non-idempotent requests are retried too (a lost answer must not lose the change), so a
 * POST that timed out may have created its object: callers that must not duplicate search first.
 */
export class PipedriveHttpClient extends PipedriveClient {
  /** The counter of the `countRequests` call the current request is made within, if any. */
  private readonly counter = new AsyncLocalStorage<{ sent: number }>();
  private readonly limiter: PipedriveRateLimiter;
  private readonly retries: RetryPolicy;
  private readonly timeoutMs: number;
  private readonly pageSize: number;
  private readonly metrics?: PipedriveHttpOptions['metrics'];
  private readonly onDailyBudget: (left: number) => void;

  constructor(
    private readonly config: HermesConfig,
    dataSource: DataSource,
    options: PipedriveHttpOptions = {},
  ) {
    super();
    this.limiter = new PipedriveRateLimiter(dataSource, { perWindow: config.pipedrive.rateLimitPer2s });
    this.retries = {
      attempts: options.attempts ?? 5,
      baseDelayMs: options.baseDelayMs ?? 1000,
      maxDelayMs: options.maxDelayMs ?? 30_000,
      sleep: options.sleep ?? ((ms) => sleep(ms)),
      random: Math.random,
      logger: options.logger ?? new Logger(PipedriveHttpClient.name),
    };
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.pageSize = options.pageSize ?? 500;
    this.metrics = options.metrics;
    this.onDailyBudget = options.onDailyBudget ?? (() => undefined);
  }

  createOrganization(input: PdOrganizationInput): Promise<PdOrganization> {
    return this.send('POST', '/api/v2/organizations', { body: input });
  }

  getOrganization(id: number): Promise<PdOrganization> {
    return this.send('GET', `/api/v2/organizations/${id}`);
  }

  updateOrganization(id: number, changes: Partial<PdOrganizationInput>): Promise<PdOrganization> {
    return this.send('PATCH', `/api/v2/organizations/${id}`, { body: changes });
  }

  async deleteOrganization(id: number): Promise<void> {
    await this.send('DELETE', `/api/v2/organizations/${id}`);
  }

  createPerson(input: PdPersonInput): Promise<PdPerson> {
    return this.send('POST', '/api/v2/persons', { body: input });
  }

  getPerson(id: number): Promise<PdPerson> {
    return this.send('GET', `/api/v2/persons/${id}`);
  }

  updatePerson(id: number, changes: Partial<PdPersonInput>): Promise<PdPerson> {
    return this.send('PATCH', `/api/v2/persons/${id}`, { body: changes });
  }

  async deletePerson(id: number): Promise<void> {
    await this.send('DELETE', `/api/v2/persons/${id}`);
  }

  createDeal(input: PdDealInput): Promise<PdDeal> {
    return this.send('POST', '/api/v2/deals', { body: input });
  }

  getDeal(id: number): Promise<PdDeal> {
    return this.send('GET', `/api/v2/deals/${id}`);
  }

  updateDeal(id: number, changes: Partial<PdDealInput>): Promise<PdDeal> {
    return this.send('PATCH', `/api/v2/deals/${id}`, { body: changes });
  }

  async deleteDeal(id: number): Promise<void> {
    await this.send('DELETE', `/api/v2/deals/${id}`);
  }

  createActivity(input: PdActivityInput): Promise<PdActivity> {
    return this.send('POST', '/api/v2/activities', { body: input });
  }

  getActivity(id: number): Promise<PdActivity> {
    return this.send('GET', `/api/v2/activities/${id}`);
  }

  updateActivity(id: number, changes: Partial<PdActivityInput>): Promise<PdActivity> {
    return this.send('PATCH', `/api/v2/activities/${id}`, { body: changes });
  }

  async deleteActivity(id: number): Promise<void> {
    await this.send('DELETE', `/api/v2/activities/${id}`);
  }

  async searchOrganizations(term: string, fields: PdOrganizationSearchField[], limit = 100): Promise<PdOrganizationSearchItem[]> {
    const found = await this.send<{ items: { item: PdOrganizationSearchItem }[] }>('GET', '/api/v2/organizations/search', {
      query: { term, fields: fields.join(','), exact_match: 'true', limit: String(limit) },
      search: true,
    });
    return found.items.map((hit) => hit.item);
  }

  async searchPersons(term: string, fields: PdPersonSearchField[], limit = 100): Promise<PdPersonSearchItem[]> {
    const found = await this.send<{ items: { item: PdPersonSearchItem }[] }>('GET', '/api/v2/persons/search', {
      query: { term, fields: fields.join(','), exact_match: 'true', limit: String(limit) },
      search: true,
    });
    return found.items.map((hit) => hit.item);
  }

  listOrganizations(): Promise<PdOrganization[]> {
    return this.listAll('/api/v2/organizations');
  }

  listPersons(): Promise<PdPerson[]> {
    return this.listAll('/api/v2/persons');
  }

  /** Open, won and lost deals: v2 leaves deleted ones out unless asked. */
  listDeals(): Promise<PdDeal[]> {
    return this.listAll('/api/v2/deals');
  }

  async listUpdated<E extends PdListedEntity>(entity: E, since: string, cursor: string | null): Promise<PdPage<PdListed[E]>> {
    const { envelope: page } = await this.request<PdListed[E][]>('GET', `/api/v2/${LIST_PATHS[entity]}`, {
      query: {
        updated_since: since,
        sort_by: 'update_time',
        sort_direction: 'asc',
        limit: String(this.pageSize),
        ...(entity === 'deal' ? { status: 'open,won,lost,deleted' } : {}),
        ...(cursor ? { cursor } : {}),
      },
    });
    return { items: page.data, nextCursor: page.additional_data?.next_cursor ?? null };
  }

  listPipelines(): Promise<PdPipeline[]> {
    return this.listAll('/api/v2/pipelines');
  }

  listStages(pipelineId?: number): Promise<PdStage[]> {
    return this.listAll('/api/v2/stages', pipelineId === undefined ? {} : { pipeline_id: String(pipelineId) });
  }

  listFields(entity: PdFieldEntity): Promise<PdField[]> {
    return this.listAll(`/api/v2/${entity}Fields`);
  }

  createField(entity: PdFieldEntity, input: PdFieldInput): Promise<PdField> {
    return this.send('POST', `/api/v2/${entity}Fields`, { body: input });
  }

  // Webhooks and users have no v2 endpoints: these stay on v1.

  listWebhooks(): Promise<PdWebhook[]> {
    return this.send('GET', '/api/v1/webhooks');
  }

  createWebhook(input: PdWebhookInput): Promise<PdWebhook> {
    return this.send('POST', '/api/v1/webhooks', { body: { ...input, version: '2.0' } });
  }

  async deleteWebhook(id: number): Promise<void> {
    await this.send('DELETE', `/api/v1/webhooks/${id}`);
  }

  listUsers(): Promise<PdUser[]> {
    return this.send('GET', '/api/v1/users');
  }

  async getAccountStatus(): Promise<PdAccountStatus> {
    const { envelope, headers } = await this.request<PdUser>('GET', '/api/v1/users/me', {});
    return {
      user: envelope.data,
      rateLimitPer2s: headerNumber(headers, 'x-ratelimit-limit'),
      dailyRequestsLeft: headerNumber(headers, 'x-daily-requests-left'),
    };
  }

  async countRequests<T>(work: () => Promise<T>): Promise<{ result: T; requests: number }> {
    const counter = { sent: 0 };
    const result = await this.counter.run(counter, work);
    return { result, requests: counter.sent };
  }

  private async send<T>(method: string, path: string, spec: RequestSpec = {}): Promise<T> {
    return (await this.request<T>(method, path, spec)).envelope.data;
  }

  private async listAll<T>(path: string, query: Record<string, string> = {}): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | null | undefined;
    do {
      const { envelope: page } = await this.request<T[]>('GET', path, {
        query: { ...query, limit: String(this.pageSize), ...(cursor ? { cursor } : {}) },
      });
      items.push(...page.data);
      cursor = page.additional_data?.next_cursor;
    } while (cursor);
    return items;
  }

  private async request<T>(method: string, path: string, spec: RequestSpec): Promise<Answer<T>> {
    const { baseUrl } = this.config.pipedrive;
    if (!baseUrl) throw new Error('PD_BASE_URL is not set: configure Pipedrive (or run in sandbox mode)');
    const url = new URL(`${baseUrl}${path}`);
    for (const [name, value] of Object.entries(spec.query ?? {})) url.searchParams.set(name, value);

    return withRetries(
      `Pipedrive ${method} ${path}`,
      this.retries,
      async () => {
        await this.limiter.acquire(spec.search ? 'search' : 'general');
        return this.attempt<T>(method, path, url, spec.body);
      },
      (attempts, last) => new PipedriveRetriesExhaustedError(attempts, last.problem, method, path, last.status),
    );
  }

  /** One HTTP exchange: the envelope, a reason to retry, or (thrown) a failure not worth retrying. */
  private async attempt<T>(method: string, path: string, url: URL, body: unknown): Promise<{ value: Answer<T> } | RetryLater> {
    const counter = this.counter.getStore();
    if (counter) counter.sent += 1;
    const exchange = await exchangeJson(url, {
      method,
      headers: { 'x-api-token': this.config.pipedrive.apiKey ?? '' },
      body,
      timeoutMs: this.timeoutMs,
    });
    const endpoint = endpointOf(path);
    if ('failure' in exchange) {
      this.metrics?.pipedriveRequest(method, endpoint, undefined);
      return { problem: exchange.failure };
    }
    const { response, text } = exchange;

    const { status } = response;
    this.metrics?.pipedriveRequest(method, endpoint, status);
    const left = response.headers.get('x-daily-requests-left');
    if (left !== null && /^\d+$/.test(left)) {
      this.onDailyBudget(Number(left));
      this.metrics?.pipedriveDailyBudgetLeft(Number(left));
    }
    const json = parseJson(text);
    if (!response.ok && response.headers.get('x-daily-requests-left') === '0') {
      throw new PipedriveDailyBudgetError('the daily API budget is spent (x-daily-requests-left: 0)', method, path, status);
    }
    if (status === 429) {
      this.metrics?.pipedriveRateLimit(endpoint);
      return { problem: 'rate limited (429)', waitMs: this.resetWait(response), status };
    }
    // After repeated 429s Cloudflare answers with an HTML 403 page instead: also a rate limit.
    if (status === 403 && isHtml(response, text)) {
      this.metrics?.pipedriveRateLimit(endpoint);
      return { problem: 'blocked by Cloudflare (403 page)', waitMs: this.resetWait(response), status };
    }
    if (status >= 500) return { problem: `server error (${status})`, status };
    if (status === 401 || status === 403) throw new PipedriveAuthError(errorMessage(json, text), method, path, status);
    if (status === 404 || status === 410) throw new PipedriveGoneError(errorMessage(json, text), method, path, status);
    if (status >= 400) throw new PipedriveRequestError(errorMessage(json, text), method, path, status);

    if (status === 204) return { value: { envelope: { data: undefined as T }, headers: response.headers } };
    if (json === undefined || json === null || typeof json !== 'object') {
      return { problem: `empty or unreadable body (${status})`, status };
    }
    const envelope = json as Envelope<T>;
    if (envelope.success === false) throw new PipedriveRequestError(errorMessage(json, text), method, path, status);
    return { value: { envelope, headers: response.headers } };
  }

  /** Pipedrive says when its window resets; a little jitter keeps workers from retrying in lockstep. */
  private resetWait(response: Response): number | undefined {
    const seconds = Number(response.headers.get('x-ratelimit-reset') ?? response.headers.get('retry-after'));
    return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 + this.retries.random() * this.retries.baseDelayMs : undefined;
  }
}

function headerNumber(headers: Headers, name: string): number | null {
  const value = headers.get(name);
  return value !== null && /^\d+$/.test(value.trim()) ? Number(value) : null;
}

/** A path as a metric names it: ids (`/organizations/42`) as `{id}`, so each endpoint is one series. */
function endpointOf(path: string): string {
  return path.replace(/\/\d+(?=\/|$)/g, '/{id}');
}

function parseJson(text: string): unknown {
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isHtml(response: Response, text: string): boolean {
  return (response.headers.get('content-type') ?? '').includes('text/html') || text.trimStart().startsWith('<');
}

function errorMessage(json: unknown, text: string): string {
  const error = (json as { error?: unknown } | undefined)?.error;
  if (typeof error === 'string' && error) return error;
  return text.trim().slice(0, 200) || 'no error message';
}
