import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Admin, Company, Contact, Deal, Meeting, Pipeline, PipedriveSyncSnapshot, Stage, SyncedObjectType, SyncWrite, WebhookLog } from '@hermes/database';
import { createTestDatabase, TestDatabase, until } from '@hermes/testing';
import { DataSource } from 'typeorm';
import { ConfigModule } from '../config/config.module';
import { loadConfig } from '../config/hermes-config';
import { DatabaseModule } from '../database/database.module';
import { JobQueueService } from '../jobs/job-queue.service';
import { JobsModule } from '../jobs/jobs.module';
import { HOUSEKEEPING_CRON, HOUSEKEEPING_JOB } from './housekeeping.job';
import { HousekeepingModule } from './housekeeping.module';
import { HousekeepingService } from './housekeeping.service';

const NOW = new Date('2026-11-23T03:17:00Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 24 * 60 * 60 * 1000);

describe('housekeeping', () => {
  let database: TestDatabase;
  let app: INestApplicationContext;
  let dataSource: DataSource;
  let housekeeping: HousekeepingService;

  beforeAll(async () => {
    database = await createTestDatabase();
    const config = loadConfig({ DATABASE_URL: database.url, HERMES_ROLE: 'all', WEBHOOK_LOG_RETENTION_DAYS: '30' });
    app = await NestFactory.createApplicationContext(
      { module: class HousekeepingTestModule {}, imports: [ConfigModule.forRoot(config), DatabaseModule, JobsModule, HousekeepingModule] },
      { logger: false },
    );
    await app.init();
    dataSource = app.get(DataSource);
    housekeeping = app.get(HousekeepingService);
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  /** A company with a contact, a deal and a meeting, each with the snapshot of what was last sent to Pipedrive. */
  async function syncedCompany(name: string, admin: Admin, stage: Stage, pipeline: Pipeline): Promise<Company> {
    const db = dataSource.manager;
    const company = await db.save(Company, { name, sales_person_id: admin.id });
    const contact = await db.save(Contact, { company_id: company.id, first_name: 'Jo', last_name: name });
    const deal = await db.save(Deal, { name, company_id: company.id, contact_id: contact.id, admin_id: admin.id, pipeline_id: pipeline.id, stage_id: stage.id });
    const meeting = await db.save(Meeting, { meeting_type: 'sales', admin_id: admin.id, contact_id: contact.id, deal_id: deal.id });
    const objects: [SyncedObjectType, number][] = [['organization', company.id], ['person', contact.id], ['deal', deal.id], ['activity', meeting.id]];
    await db.save(PipedriveSyncSnapshot, objects.map(([object_type, object_id]) => ({ object_type, object_id, pd_id: object_id + 1000, payload: { name } })));
    return company;
  }

  it('runs daily, scheduled in the job queue', async () => {
    const schedules = await dataSource.query('SELECT name, cron, timezone FROM pgboss.schedule');
    expect(schedules).toEqual([{ name: HOUSEKEEPING_JOB, cron: HOUSEKEEPING_CRON, timezone: 'UTC' }]);
  });

  it("runs in the app's workers when its job is due", async () => {
    const old = await dataSource.manager.save(WebhookLog, { received_at: daysAgo(400), source: 'pipedrive', entity: 'deal', action: 'change', outcome: 'applied' });
    // What pg-boss does at 03:17: one job in the queue.
    await dataSource.transaction((manager) => app.get(JobQueueService).enqueue(HOUSEKEEPING_JOB, {}, manager));

    await until(async () => !(await dataSource.manager.existsBy(WebhookLog, { id: old.id })));
  });

  it('deletes webhook log entries and sync writes past their retention, and the sync snapshots of deleted objects', async () => {
    const db = dataSource.manager;
    await db.save(WebhookLog, [31, 30.5, 29, 1].map((days) => ({ received_at: daysAgo(days), source: 'tc2' as const, entity: 'Client', action: 'UPDATED', outcome: 'applied' as const })));
    const admin = await db.save(Admin, { username: 'sam@tutorcruncher.com', is_sales_person: true });
    const stage = await db.save(Stage, { pd_stage_id: 11, name: 'New lead' });
    const pipeline = await db.save(Pipeline, { pd_pipeline_id: 1, name: 'PAYG', dft_entry_stage_id: stage.id });
    const kept = await syncedCompany('Brightside Tutors', admin, stage, pipeline);
    const deleted = await syncedCompany('Gone Tutors', admin, stage, pipeline);
    await db.save(SyncWrite, [40, 2].map((days) => ({ at: daysAgo(days), company_id: kept.id, system: 'pipedrive' as const, object: 'organization', action: 'update', outcome: 'ok' as const })));
    // A TC2 client deleted: its contacts, deals and meetings go with it, by cascade.
    await db.delete(Company, deleted.id);

    expect(await housekeeping.run(NOW)).toEqual({ webhookLogDeleted: 2, syncWritesDeleted: 1, snapshotsDeleted: 4 });
    expect((await db.find(SyncWrite)).map((write) => write.at)).toEqual([daysAgo(2)]);

    expect((await db.find(WebhookLog, { order: { received_at: 'ASC' } })).map((entry) => entry.received_at)).toEqual([daysAgo(29), daysAgo(1)]);
    const snapshots = await db.find(PipedriveSyncSnapshot, { order: { object_type: 'ASC' } });
    expect(snapshots.map((snapshot) => [snapshot.object_type, snapshot.payload])).toEqual(
      ['activity', 'deal', 'organization', 'person'].map((type) => [type, { name: kept.name }]),
    );
    // A second run finds nothing more to do.
    expect(await housekeeping.run(NOW)).toEqual({ webhookLogDeleted: 0, syncWritesDeleted: 0, snapshotsDeleted: 0 });
  });
});
