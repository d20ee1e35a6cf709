import { pendingMigrations } from '@hermes/database';
import { DoctorCheck, passed, problem } from './doctor-check';

/**
 * The database, checked before anything else and without Hermes' services (they need it): reachable,
 * and every migration applied. Read-only.
 */
export class DatabaseChecks {
  constructor(private readonly url: string) {}

  async run(): Promise<{ reachable: boolean; checks: DoctorCheck[] }> {
    let pending: string[];
    try {
      pending = await pendingMigrations(this.url);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return {
        reachable: false,
        checks: [problem('Database', `cannot be reached (${reason})`, 'check DATABASE_URL and that Postgres is running and accepts this connection; the other checks run once it answers')],
      };
    }
    const host = URL.canParse(this.url) ? new URL(this.url).host : 'the database';
    return {
      reachable: true,
      checks: [
        passed('Database', `${host} answers`),
        pending.length
          ? problem('Migrations', `${pending.length} not applied: ${pending.join(', ')}`, 'run `npm run migration:run` (back up the database first)')
          : passed('Migrations', 'all applied'),
      ],
    };
  }
}
