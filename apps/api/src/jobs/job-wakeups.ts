import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import type { Query } from './pgboss-tables';

/** The Postgres channel an enqueue notifies on: `{job name} {milliseconds until it is due}`. */
const CHANNEL = 'hermes_job';
const RECONNECT_MS = 5_000;
/** Woken this much after a job is due, so pg-boss's `start_after < now()` already holds. */
const DUE_MARGIN_MS = 20;

/**
 * Tells the workers of every process that a job due now was enqueued, in the enqueuing transaction:
 * Postgres delivers the notification when it commits (an aborted change wakes nobody).
 */
export async function notifyEnqueued(query: Query, name: string): Promise<void> {
  await query(`SELECT ${enqueuedNotificationSql('$1::text', '0')}`, [name]);
}

/** notifyEnqueued's notification as a SQL expression, for a statement that sends it along with its own work. */
export function enqueuedNotificationSql(nameSql: string, dueInMsSql: string): string {
  return `pg_notify('${CHANNEL}', ${nameSql} || ' ' || round(${dueInMsSql})::bigint)`;
}

/**
 * Wakes a process's idle workers when a job of their kind is due (Postgres LISTEN/NOTIFY), so a new job
 * waits for no polling interval. Polling stays the fallback: a worker waits at most its interval, and
 * while the connection is down (it reconnects) nothing is worse than polling alone.
 */
export class JobWakeups {
  private readonly logger = new Logger(JobWakeups.name);
  private readonly idle = new Map<string, Set<() => void>>();
  private client?: Client;
  /** Connections given up on: a failing one can report more than one error. */
  private readonly dropped = new WeakSet<Client>();
  private closed = false;

  constructor(private readonly connectionString: string) {}

  async listen(): Promise<void> {
    if (this.closed) return;
    const client = new Client({ connectionString: this.connectionString });
    client.on('notification', ({ payload }) => this.notified(payload ?? ''));
    client.on('error', (error) => {
      this.logger.warn(`Job wake-ups lost their connection (${error.message}); polling until it is back`);
      this.reconnect(client);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      this.client = client;
    } catch (error) {
      this.logger.warn(`Job wake-ups could not listen (${(error as Error).message}); polling until they can`);
      this.reconnect(client);
    }
  }

  /** Resolves when a job of this kind is due, or after `maxMs`, or on `signal`. */
  wait(name: string, maxMs: number, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.resolve();
    const waiting = this.idle.get(name) ?? new Set();
    this.idle.set(name, waiting);
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        waiting.delete(done);
        resolve();
      };
      const timer = setTimeout(done, maxMs);
      signal.addEventListener('abort', done, { once: true });
      waiting.add(done);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.client?.end().catch(() => undefined);
  }

  private notified(payload: string): void {
    const [name, due] = payload.split(' ');
    const wakeAll = () => this.idle.get(name)?.forEach((wake) => wake());
    const dueInMs = Number(due);
    if (dueInMs > 0) setTimeout(wakeAll, dueInMs + DUE_MARGIN_MS).unref();
    else wakeAll();
  }

  private reconnect(client: Client): void {
    if (this.dropped.has(client)) return;
    this.dropped.add(client);
    if (this.client === client) this.client = undefined;
    void client.end().catch(() => undefined);
    if (!this.closed) setTimeout(() => void this.listen(), RECONNECT_MS).unref();
  }
}
