import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { runMigrations } from '@hermes/database';
import { ConfigModule } from '../config/config.module';
import { loadDotEnv } from '../config/dotenv';
import { loadConfig } from '../config/hermes-config';
import { DatabaseModule } from '../database/database.module';
import { localDatabase } from '../database/local-database';
import { CoreModule } from '../core/core.module';
import { JobsModule } from '../jobs/jobs.module';
import { PipedriveModule } from '../pipedrive/pipedrive.module';
import { PipedriveWebhookModule } from '../pipedrive-webhook/pipedrive-webhook.module';
import { readSandboxEnv, SANDBOX_DATABASE } from '../sandbox-mode/sandbox-env.util';
import { SelfHealingModule } from '../self-healing/self-healing.module';
import { SetupModule } from '../setup/setup.module';
import { Tc2Module } from '../tc2/tc2.module';

// The job queue with the kinds of job its feature modules define, so commands can enqueue and requeue.
@Module({ imports: [DatabaseModule, JobsModule, CoreModule, PipedriveModule, PipedriveWebhookModule, Tc2Module, SetupModule, SelfHealingModule] })
class CliModule {}

/**
 * What a CLI command runs in: the validated configuration, the database (DATABASE_URL, else the
 * embedded one, migrated on the spot), and a Nest application context with Hermes' services.
 */
export class CliContext {
  /**
   * `--sandbox`: act on the sandbox `npm start` runs, with its simulators' settings (`sandbox.env`)
   * and its database, instead of the configured ones.
   */
  sandbox = false;

  constructor(private readonly out: NodeJS.WritableStream = process.stdout) {}

  print(line: string): void {
    this.out.write(`${line}\n`);
  }

  async run<T>(work: (app: INestApplicationContext) => Promise<T>): Promise<T> {
    loadDotEnv();
    const env = this.sandbox ? { ...process.env, ...readSandboxEnv(loadConfig().home) } : process.env;
    const settings = loadConfig(env);
    const database = await localDatabase(settings, this.sandbox ? { name: SANDBOX_DATABASE } : {});
    try {
      // A command only enqueues: it must not start working jobs in its short-lived process.
      const config = loadConfig({ ...env, DATABASE_URL: database.url, HERMES_ROLE: 'api' });
      if (!settings.databaseUrl) await runMigrations(database.url);
      const app = await NestFactory.createApplicationContext(
        { module: CliModule, imports: [ConfigModule.forRoot(config)] },
        { logger: ['error', 'warn'] },
      );
      try {
        if (await app.get(DataSource).showMigrations()) {
          throw new Error('The database has migrations that are not applied yet: run `npm run migration:run` first.');
        }
        return await work(app);
      } finally {
        await app.close();
      }
    } finally {
      await database.stop();
    }
  }
}
