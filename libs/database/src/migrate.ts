import { DataSource, DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../../migrations';

export const MIGRATIONS_TABLE = 'hermes_migrations';

/** How Hermes' migrations run: recorded in their own table, each in its own transaction. */
export const MIGRATION_OPTIONS = {
  migrations: MIGRATIONS,
  migrationsTableName: MIGRATIONS_TABLE,
  // Each migration in its own transaction, so a failed one leaves the ones before it applied.
  migrationsTransactionMode: 'each',
} satisfies Partial<DataSourceOptions>;

/**
 * Applies pending migrations; returns the names of those it ran. The migrations need no entities,
 * so this module imports none: the test run's global setup loads it outside Jest's module mapping.
 */
export async function runMigrations(url: string): Promise<string[]> {
  const dataSource = new DataSource({ type: 'postgres', url, ...MIGRATION_OPTIONS });
  await dataSource.initialize();
  try {
    const ran = await dataSource.runMigrations();
    return ran.map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}

/**
 * The names of the migrations not yet applied, oldest first, without writing anything (TypeORM's
 * own check creates the migrations table). Fails when the database cannot be reached.
 */
export async function pendingMigrations(url: string, { connectTimeoutMs = 5000 } = {}): Promise<string[]> {
  const dataSource = new DataSource({ type: 'postgres', url, connectTimeoutMS: connectTimeoutMs, ...MIGRATION_OPTIONS });
  await dataSource.initialize();
  try {
    const [{ table }] = (await dataSource.query('SELECT to_regclass($1) AS table', [MIGRATIONS_TABLE])) as { table: string | null }[];
    const applied = new Set(table ? ((await dataSource.query(`SELECT name FROM "${MIGRATIONS_TABLE}"`)) as { name: string }[]).map((row) => row.name) : []);
    return MIGRATIONS.map((migration) => new migration().name ?? migration.name).filter((name) => !applied.has(name));
  } finally {
    await dataSource.destroy();
  }
}
