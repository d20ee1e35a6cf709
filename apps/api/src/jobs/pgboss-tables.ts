/**
 * Every query Hermes makes of pg-boss's own tables (schema `pgboss`), in one place: pg-boss 10 has no
 * API to list jobs by state, page them, or put a job back to waiting without spending an attempt.
 * pgboss-tables.spec.ts fails if pg-boss changes the columns or states these rely on.
 */
import { enqueuedNotificationSql } from './job-wakeups';

export const QUEUE_SCHEMA = 'pgboss';

/** pg-boss's job states, in its order; those before `completed` are still to do. */
export const JOB_STATES = ['created', 'retry', 'active', 'completed', 'cancelled', 'failed'] as const;

/** Jobs waiting or running: pg-boss's states before `completed`. */
export const PENDING_JOB_STATES = ['created', 'retry', 'active'] as const;

/** The columns of `pgboss.job` read or written here. */
export const JOB_COLUMNS = ['id', 'name', 'state', 'data', 'output', 'retry_count', 'retry_limit', 'created_on', 'started_on', 'completed_on', 'start_after', 'singleton_key'] as const;

export type Query = (sql: string, params?: unknown[]) => Promise<unknown[]>;

/** A job as the SPA's sync-jobs list shows it: its kind, state, payload and, once failed, the error. */
export interface JobRecord {
  id: string;
  name: string;
  state: string;
  data: unknown;
  error: unknown;
  retryCount: number;
  retryLimit: number;
  createdOn: Date;
  startedOn: Date | null;
  completedOn: Date | null;
}

export interface JobListOptions {
  states: readonly string[];
  name?: string;
  /** Only these ids. */
  ids?: readonly string[];
  orderBy: 'created_on' | 'completed_on' | 'started_on' | 'name' | 'state' | 'retry_count';
  order: 'ASC' | 'DESC';
  offset: number;
  limit: number | null;
}

const SELECTED = 'id, name, state, data, output, retry_count, retry_limit, created_on, started_on, completed_on';

interface JobRow {
  id: string;
  name: string;
  state: string;
  data: unknown;
  output: unknown;
  retry_count: number;
  retry_limit: number;
  created_on: Date;
  started_on: Date | null;
  completed_on: Date | null;
}

function jobRecord(row: JobRow): JobRecord {
  return {
    id: row.id,
    name: row.name,
    state: row.state,
    data: row.data,
    error: row.output,
    retryCount: row.retry_count,
    retryLimit: row.retry_limit,
    createdOn: row.created_on,
    startedOn: row.started_on,
    completedOn: row.completed_on,
  };
}

/** One page of jobs in the given states, and how many there are in all. */
export async function selectJobs(query: Query, options: JobListOptions): Promise<{ jobs: JobRecord[]; total: number }> {
  const params: unknown[] = [options.states];
  const where = ['state::text = ANY($1)'];
  if (options.name !== undefined) where.push(`name = $${params.push(options.name)}`);
  if (options.ids !== undefined) where.push(`id::text = ANY($${params.push(options.ids)})`);
  const condition = where.join(' AND ');
  const [{ total }] = (await query(`SELECT count(*)::int AS total FROM ${QUEUE_SCHEMA}.job WHERE ${condition}`, params)) as { total: number }[];
  // orderBy and order come from a fixed list (the type), never from the request as typed.
  const rows = (await query(
    `SELECT ${SELECTED} FROM ${QUEUE_SCHEMA}.job WHERE ${condition}
      ORDER BY ${options.orderBy} ${options.order} NULLS LAST, id ${options.order}
      OFFSET ${Math.trunc(options.offset)} ${options.limit === null ? '' : `LIMIT ${Math.trunc(options.limit)}`}`,
    params,
  )) as JobRow[];
  return { jobs: rows.map(jobRecord), total };
}

export async function selectJob(query: Query, id: string): Promise<JobRecord | null> {
  const rows = (await query(`SELECT ${SELECTED} FROM ${QUEUE_SCHEMA}.job WHERE id = $1`, [id])) as JobRow[];
  return rows.length ? jobRecord(rows[0]) : null;
}

/** Jobs not yet finished, by queue. */
export async function countPending(query: Query): Promise<Record<string, number>> {
  const rows = (await query(`SELECT name, count(*) AS count FROM ${QUEUE_SCHEMA}.job WHERE state < 'completed' GROUP BY name`)) as {
    name: string;
    count: string;
  }[];
  return Object.fromEntries(rows.map((row) => [row.name, Number(row.count)]));
}

/** Of these values of a job data key, those a job of this queue not yet finished carries. */
export async function selectPendingKeys(query: Query, name: string, dataKey: string, values: string[]): Promise<Set<string>> {
  if (!values.length) return new Set();
  const rows = (await query(
    `SELECT DISTINCT data->>$2 AS key FROM ${QUEUE_SCHEMA}.job WHERE name = $1 AND state < 'completed' AND data->>$2 = ANY($3)`,
    [name, dataKey, values],
  )) as { key: string }[];
  return new Set(rows.map((row) => row.key));
}

/**
 * Puts an active job back to waiting, to start again after `delaySeconds`, its attempt not counted.
 * Refused with a unique violation (23505) when the queue already holds a waiting job with its
 * singleton key.
 */
export async function returnToWaiting(query: Query, name: string, id: string, delaySeconds: number): Promise<void> {
  await query(
    `UPDATE ${QUEUE_SCHEMA}.job SET state = 'created', started_on = NULL, start_after = now() + $3 * interval '1 second'
      WHERE name = $1 AND id = $2 AND state = 'active'`,
    [name, id, delaySeconds],
  );
}

/**
 * The job waiting for this key starts only once no enqueue has come for `quietSeconds`, but no later
 * than `maxSeconds` after it was made: each enqueue that coalesced into it pushes its start back.
 * Returns whether a job was waiting; when one was, the same statement tells the workers when it is
 * now due (delivered on commit), so a wake-up asked for earlier, which has come too soon, is not all
 * they get. Quiet is counted from the enqueue itself (`clock_timestamp()`): `now()` is when its
 * transaction began, which for a change that waited its turn behind others of the same company is
 * long past.
 */
export async function settleWaiting(query: Query, name: string, key: string, quietSeconds: number, maxSeconds: number): Promise<boolean> {
  const dueInMs = `extract(epoch FROM max(start_after) - clock_timestamp()) * 1000`;
  const [{ settled }] = (await query(
    `WITH settled AS (
       UPDATE ${QUEUE_SCHEMA}.job
          SET start_after = GREATEST(start_after, LEAST(created_on + $4 * interval '1 second', clock_timestamp() + $3 * interval '1 second'))
        WHERE name = $1 AND singleton_key = $2 AND state = 'created'
        RETURNING start_after
     )
     SELECT count(*) > 0 AS settled, CASE WHEN count(*) > 0 THEN ${enqueuedNotificationSql('$1::text', dueInMs)} END AS notified FROM settled`,
    [name, key, quietSeconds, maxSeconds],
  )) as { settled: boolean }[];
  return settled;
}

/**
 * Jobs active for more than `minAgeSeconds` whose liveness lock (`{prefix}{id}`) no session holds:
 * their worker died. Trying the lock inside the statement takes it for an instant only.
 */
export async function selectOrphans(query: Query, minAgeSeconds: number, prefix: string): Promise<{ id: string; name: string }[]> {
  return (await query(
    `SELECT id, name FROM ${QUEUE_SCHEMA}.job
      WHERE state = 'active' AND started_on < now() - $1 * interval '1 second'
        AND pg_try_advisory_xact_lock(hashtext($2 || id::text))`,
    [minAgeSeconds, prefix],
  )) as { id: string; name: string }[];
}

/** One queue's jobs not yet finished, by state, and how long the longest-waiting due job has waited. */
export interface QueueStats {
  name: string;
  created: number;
  retry: number;
  active: number;
  /** Seconds since the oldest job waiting to start became due (its start_after); 0 when none is due. */
  oldestWaitingSeconds: number;
}

/** Every queue (pg-boss's `queue` table) with or without jobs, so each has its figures; pg-boss's own (`__pgboss__…`) left out. */
export async function queueStats(query: Query): Promise<QueueStats[]> {
  const rows = (await query(
    `SELECT q.name,
        count(j.id) FILTER (WHERE j.state = 'created')::int AS created,
        count(j.id) FILTER (WHERE j.state = 'retry')::int AS retry,
        count(j.id) FILTER (WHERE j.state = 'active')::int AS active,
        COALESCE(EXTRACT(EPOCH FROM now() - min(j.start_after) FILTER (WHERE j.state IN ('created', 'retry') AND j.start_after <= now())), 0)::float8 AS oldest
      FROM ${QUEUE_SCHEMA}.queue q LEFT JOIN ${QUEUE_SCHEMA}.job j ON j.name = q.name AND j.state < 'completed'
      WHERE NOT starts_with(q.name, '__pgboss__')
      GROUP BY q.name ORDER BY q.name`,
  )) as { name: string; created: number; retry: number; active: number; oldest: number }[];
  return rows.map(({ oldest, ...counts }) => ({ ...counts, oldestWaitingSeconds: oldest }));
}
