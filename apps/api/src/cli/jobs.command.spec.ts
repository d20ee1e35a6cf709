import { Module, OnModuleInit } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DataSource } from 'typeorm';
import { Company } from '@hermes/database';
import { PipedriveSimulator } from '@hermes/sandbox';
import { createCompany, createTestDatabase, PD_TOKEN, seedBoth, TestDatabase, until } from '@hermes/testing';
import { ConfigModule } from '../config/config.module';
import { loadConfig } from '../config/hermes-config';
import { DatabaseModule } from '../database/database.module';
import { JobQueueService } from '../jobs/job-queue.service';
import { JobsModule } from '../jobs/jobs.module';
import { PipedriveModule } from '../pipedrive/pipedrive.module';
import { OutboundSyncService, PIPEDRIVE_COMPANY_SYNC_JOB } from '../core/sync/outbound-sync.service';
import { JobRecordsService } from '../jobs/job-records.service';

const ROOT = join(__dirname, '../../../..');

function hermes(databaseUrl: string, ...args: string[]) {
  return promisify(execFile)('npm', ['run', '--silent', 'hermes', '--', ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl },
  });
}

describe('npm run hermes -- jobs retry', () => {
  const sim = new PipedriveSimulator({ apiToken: PD_TOKEN });
  let database: TestDatabase;
  let app: Awaited<ReturnType<typeof NestFactory.createApplicationContext>>;

  beforeAll(async () => {
    await sim.start();
    database = await createTestDatabase();
    const config = loadConfig({ DATABASE_URL: database.url, PD_API_KEY: PD_TOKEN, PD_BASE_URL: sim.url });

    // A worker whose company syncs give up after two attempts a second apart, so a job fails for
    // good within the test. Root modules initialise last: this replaces PipedriveModule's definition.
    @Module({ imports: [ConfigModule.forRoot(config), DatabaseModule, JobsModule, PipedriveModule] })
    class ImpatientWorkerModule implements OnModuleInit {
      constructor(private readonly queue: JobQueueService) {}

      onModuleInit(): void {
        this.queue.configure({ pollingIntervalSeconds: 0.5 });
        this.queue.define({ ...this.queue.definition(PIPEDRIVE_COMPANY_SYNC_JOB)!, retryLimit: 1, retryDelaySeconds: 1 });
      }
    }
    app = await NestFactory.createApplicationContext(ImpatientWorkerModule, { logger: false });
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
    await sim.stop();
  });

  it('lists a job that failed its last attempt with its error and payload; --failed requeues it and it then succeeds', async () => {
    const dataSource = app.get(DataSource);
    const records = app.get(JobRecordsService);
    const { company } = await createCompany(dataSource, await seedBoth(dataSource, sim));
    sim.failNext(2, { kind: 'status', status: 400, error: 'Pipedrive is having a bad day' });
    await dataSource.transaction((manager) => app.get(OutboundSyncService).pipedrive(company.id, manager));

    await until(async () => (await records.failed()).length === 1);
    const [failed] = await records.failed();
    expect(failed).toMatchObject({ name: PIPEDRIVE_COMPANY_SYNC_JOB, data: { companyId: company.id }, retryCount: 1 });
    expect(JSON.stringify(failed.error)).toContain('Pipedrive is having a bad day');

    const { stdout } = await hermes(database.url, 'jobs', 'retry', '--failed');
    expect(stdout).toContain('Requeued 1 failed job.');

    await until(async () => !!(await dataSource.manager.findOneByOrFail(Company, { id: company.id })).pd_org_id);
    await until(async () => !(await records.pendingCounts())[PIPEDRIVE_COMPANY_SYNC_JOB]);
    expect(await records.failed()).toEqual([]);
    expect(sim.objects('organization')).toHaveLength(1);
  });

  it('asks which jobs to requeue rather than guessing', async () => {
    await expect(hermes(database.url, 'jobs', 'retry')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('Name the failed jobs to requeue, or pass --failed to requeue them all'),
    });
  });
});
