import { DataSource } from 'typeorm';

/**
 * Tables whose rows a refused request may legitimately add: the webhook log records rejections,
 * the rate limiter's window, and the migrations bookkeeping.
 */
const EXCLUDED = ['webhook_log', 'pipedrive_rate_limit', 'hermes_migrations'];

/**
 * What work that changes nothing still moves: when a sync last ran for each company (a sync run
 * again), and the resends remembered as changing nothing (a redelivery is remembered).
 */
const JOB_RUNS = ['company_sync', 'tc2_unchanged_resend'];

/**
 * One value that changes whenever any row of Hermes' tables, or (unless `jobs: false`) the set of
 * queued jobs and what JOB_RUNS hold, changes: an md5 of every row of every table, in one statement.
 */
export async function databaseFingerprint(dataSource: DataSource, { jobs = true } = {}): Promise<string> {
  const tables: { name: string }[] = await dataSource.query(
    `SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND NOT (table_name = ANY($1)) ORDER BY table_name`,
    [jobs ? EXCLUDED : [...EXCLUDED, ...JOB_RUNS]],
  );
  const parts = tables.map(
    ({ name }) => `SELECT '${name}' AS name, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS hash FROM "${name}" t`,
  );
  if (jobs) parts.push(`SELECT 'jobs', md5(coalesce(string_agg(id::text || state::text, '|' ORDER BY id), '')) FROM pgboss.job`);
  const rows: { name: string; hash: string }[] = await dataSource.query(parts.join(' UNION ALL '));
  return rows.map((row) => `${row.name}:${row.hash}`).join(' ');
}
