import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { HermesConfig } from '../config/hermes-config';
import { queueStats } from '../jobs/pgboss-tables';

/** What became of a webhook delivery, from its answer: taken, refused its credentials, malformed, or failed here. */
export type WebhookOutcome = 'accepted' | 'refused' | 'invalid' | 'failed';

/**
 * What became of one run of a job: done; failed, to run again; failed for good (its retries used up);
 * or deferred (another run for its key was under way, so it waits again without using an attempt).
 */
export type JobOutcome = 'completed' | 'retry' | 'failed' | 'deferred';

const SECONDS_BUCKETS_HTTP = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const SECONDS_BUCKETS_JOBS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

/**
 * Hermes' Prometheus metrics: their one registry and definitions, and the intention-revealing calls
 * the rest of Hermes makes to move them. Counters are this process' own; the queue figures are read
 * from pg-boss's tables when scraped, so every process reports the same, whichever works the jobs.
 */
@Injectable()
export class MetricsService {
  private readonly logger = new Logger(MetricsService.name);
  private readonly registry = new Registry();

  private readonly httpRequests = new Counter({
    name: 'hermes_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  private readonly httpDuration = new Histogram({
    name: 'hermes_http_request_duration_seconds',
    help: 'Time from a request arriving until its answer was sent, by method and route pattern',
    labelNames: ['method', 'route'] as const,
    buckets: SECONDS_BUCKETS_HTTP,
    registers: [this.registry],
  });

  private readonly webhooks = new Counter({
    name: 'hermes_webhooks_received_total',
    help: 'Webhook deliveries received, by source (tc2, pipedrive) and outcome (accepted, refused, invalid, failed)',
    labelNames: ['source', 'outcome'] as const,
    registers: [this.registry],
  });

  private readonly jobs = new Counter({
    name: 'hermes_jobs_total',
    help: 'Job runs, by kind and outcome (completed, retry, failed: retries used up, deferred)',
    labelNames: ['kind', 'outcome'] as const,
    registers: [this.registry],
  });

  private readonly jobDuration = new Histogram({
    name: 'hermes_job_duration_seconds',
    help: 'How long job runs took, by kind and outcome',
    labelNames: ['kind', 'outcome'] as const,
    buckets: SECONDS_BUCKETS_JOBS,
    registers: [this.registry],
  });

  private readonly pipedriveRequests = new Counter({
    name: 'hermes_pipedrive_requests_total',
    help: 'Requests to Pipedrive, by method, endpoint (ids as {id}) and status (`network` when none came back)',
    labelNames: ['method', 'endpoint', 'status'] as const,
    registers: [this.registry],
  });

  private readonly pipedriveRateLimited = new Counter({
    name: 'hermes_pipedrive_rate_limited_total',
    help: "Pipedrive answers that said to slow down (429, or Cloudflare's 403 page), by endpoint",
    labelNames: ['endpoint'] as const,
    registers: [this.registry],
  });

  private readonly pipedriveBudget = new Gauge({
    name: 'hermes_pipedrive_daily_requests_left',
    help: "Requests Pipedrive's daily budget has left, as its last answer to this process said (x-daily-requests-left)",
    registers: [this.registry],
  });

  private readonly drift = {
    found: new Counter({
      name: 'hermes_drift_found_total',
      help: 'Differences between Hermes and the other systems found by reconciliation, by object',
      labelNames: ['object'] as const,
      registers: [this.registry],
    }),
    healed: new Counter({
      name: 'hermes_drift_healed_total',
      help: 'Differences found by reconciliation that were put right, by object',
      labelNames: ['object'] as const,
      registers: [this.registry],
    }),
  };

  private readonly queueJobs = new Gauge({
    name: 'hermes_queue_jobs',
    help: 'Jobs not finished, by kind and pg-boss state (created: waiting; retry: failed, waiting to run again; active: running)',
    labelNames: ['kind', 'state'] as const,
    registers: [this.registry],
  });

  private readonly oldestWaiting = new Gauge({
    name: 'hermes_queue_oldest_waiting_seconds',
    help: 'How long the longest-waiting job that is due to run has waited to start, by kind (0: none waits)',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  constructor(
    config: HermesConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    // The Node process' own figures (memory, CPU, event loop lag) only where something scrapes them.
    if (config.metricsToken) collectDefaultMetrics({ register: this.registry });
  }

  /** An HTTP request was answered; `route` is its pattern (`/admin-api/companies/:id`), never the URL as sent. */
  httpRequestAnswered(method: string, route: string, status: number, seconds: number): void {
    this.httpRequests.inc({ method, route, status: String(status) });
    this.httpDuration.observe({ method, route }, seconds);
  }

  webhookReceived(source: 'tc2' | 'pipedrive', outcome: WebhookOutcome): void {
    this.webhooks.inc({ source, outcome });
  }

  /** A job run ended; `seconds` is how long its handler ran (none for a deferred run, which did not). */
  jobRan(kind: string, outcome: JobOutcome, seconds?: number): void {
    this.jobs.inc({ kind, outcome });
    if (seconds !== undefined) this.jobDuration.observe({ kind, outcome }, seconds);
  }

  /** One exchange with Pipedrive; `endpoint` names ids as `{id}`. `status` is undefined when no answer came. */
  pipedriveRequest(method: string, endpoint: string, status: number | undefined): void {
    this.pipedriveRequests.inc({ method, endpoint, status: status === undefined ? 'network' : String(status) });
  }

  pipedriveRateLimit(endpoint: string): void {
    this.pipedriveRateLimited.inc({ endpoint });
  }

  pipedriveDailyBudgetLeft(requests: number): void {
    this.pipedriveBudget.set(requests);
  }

  /** Reconciliation found `object` (a kind of object, e.g. `organization`: never an id) differing between Hermes and the system that holds it. */
  driftFound(object: string): void {
    this.drift.found.inc({ object });
  }

  /** Reconciliation put right a difference it found in `object`. */
  driftHealed(object: string): void {
    this.drift.healed.inc({ object });
  }

  /** Everything, in Prometheus' text format, the queue read afresh. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    await this.readQueue();
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  /** Every queue's figures; while they cannot be read the queue gauges have no series (alert on their absence). */
  private async readQueue(): Promise<void> {
    this.queueJobs.reset();
    this.oldestWaiting.reset();
    try {
      for (const queue of await queueStats((sql, params) => this.dataSource.query(sql, params))) {
        for (const state of ['created', 'retry', 'active'] as const) this.queueJobs.set({ kind: queue.name, state }, queue[state]);
        this.oldestWaiting.set({ kind: queue.name }, queue.oldestWaitingSeconds);
      }
    } catch (error) {
      this.logger.warn(`Metrics: could not read the job queue: ${(error as Error).message}`);
    }
  }
}
