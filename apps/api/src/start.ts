import 'reflect-metadata';
import { runMigrations } from '@hermes/database';
import { createApp } from './app.factory';
import { CliContext } from './cli/cli-context';
import { loadDotEnv } from './config/dotenv';
import { ConfigError, loadConfig } from './config/hermes-config';
import { shutDownOnSignals } from './health/graceful-shutdown';
import { ReadinessService } from './health/readiness.service';
import { localDatabase } from './database/local-database';
import { SANDBOX_DATABASE, writeSandboxEnv } from './sandbox-mode/sandbox-env.util';
import { SandboxMode } from './sandbox-mode/sandbox-mode';

/**
 * `npm start`: the one command for a fresh machine. Uses DATABASE_URL or starts an embedded
 * Postgres, applies migrations, then serves the API (and the built admin SPA). Without TC2,
 * Pipedrive and Google credentials it runs in sandbox mode, against simulators of them.
 */
async function main(): Promise<void> {
  loadDotEnv();
  const sandbox = loadConfig().sandbox ? await SandboxMode.start() : undefined;
  if (sandbox) {
    Object.assign(process.env, sandbox.env);
    // A terminal to try things in: every request's JSON log line would bury the tour.
    process.env.LOG_LEVEL ??= 'warn';
  }
  const settings = loadConfig();
  // The simulators start empty each time, so the embedded sandbox gets a database of its own,
  // emptied too: Hermes' ids of old Pipedrive objects would name the new simulator's objects.
  const database = await localDatabase(settings, sandbox ? { name: SANDBOX_DATABASE, fresh: true } : {});
  process.env.DATABASE_URL = database.url;
  const config = loadConfig();

  const applied = await runMigrations(database.url);
  if (applied.length) console.log(`Applied migrations: ${applied.join(', ')}`);
  if (sandbox) console.log(await new CliContext().run((app) => sandbox.seedHermes(app)));

  const app = await createApp(config);
  await app.listen(config.port, config.host);
  app.get(ReadinessService).serving();
  shutDownOnSignals(app, config, app.getHttpServer());
  if (sandbox) writeSandboxEnv(config.home, { ...sandbox.env, HERMES_URL: config.hermesUrl });

  const base = `http://localhost:${config.port}`;
  const where = settings.databaseUrl ? 'DATABASE_URL' : `embedded Postgres, data in ${config.home}`;
  console.log(
    [
      '',
      'Hermes is running.',
      `  API        ${base}  (health: ${base}/health)`,
      ...(config.docsPublic ? [`  API docs   ${base}/docs`] : []),
      `  Admin SPA  ${config.adminSpaUrl}`,
      `  Database   ${sandbox && !settings.databaseUrl ? `${where} (database ${SANDBOX_DATABASE})` : where}`,
      '',
      ...(sandbox?.tryThis(config) ?? []),
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
