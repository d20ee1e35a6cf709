import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { Admin, Company, CustomField, CustomFieldValue, Deal, Pipeline, Stage } from '@hermes/database';
import { Tc2Simulator } from '@hermes/sandbox';
import { createTestDatabase, TestDatabase, until } from '@hermes/testing';
import { ConfigModule } from '../config/config.module';
import { loadConfig } from '../config/hermes-config';
import { DatabaseModule } from '../database/database.module';
import { JobQueueService } from '../jobs/job-queue.service';
import { JobsModule } from '../jobs/jobs.module';
import { Tc2Client } from './tc2.client';
import { Tc2HttpClient } from './tc2-http.client';
import { Tc2SyncService } from './tc2-sync.service';
import { Tc2Module } from './tc2.module';
import { JobRecordsService } from '../jobs/job-records.service';
import { OutboundSyncService } from '../core/sync/outbound-sync.service';


describe('Tc2SyncService: pushing a Company back to TC2', () => {
  const tc2 = new Tc2Simulator({ apiKey: 'tc2-key' });
  let database: TestDatabase;
  let app: INestApplicationContext;
  let dataSource: DataSource;
  let sync: Tc2SyncService;
  let outbound: OutboundSyncService;
  let company: Company;

  beforeAll(async () => {
    await tc2.start();
    database = await createTestDatabase();
    const config = loadConfig({
      DATABASE_URL: database.url,
      TC2_API_KEY: 'tc2-key',
      TC2_BASE_URL: tc2.url,
      PD_BASE_URL: 'https://acme.pipedrive.com',
    });
    const fastQueue = { provide: 'FAST_QUEUE', inject: [JobQueueService], useFactory: (queue: JobQueueService) => queue.configure({ pollingIntervalSeconds: 0.5 }) };
    @Module({ imports: [ConfigModule.forRoot(config), DatabaseModule, JobsModule, Tc2Module], providers: [fastQueue] })
    class TestModule {}
    app = await NestFactory.createApplicationContext(TestModule, { logger: false });
    dataSource = app.get(DataSource);
    sync = app.get(Tc2SyncService);
    outbound = app.get(OutboundSyncService);
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
    await tc2.stop();
  });

  beforeEach(async () => {
    tc2.reset();
    tc2.seedAdmin({ id: 101, first_name: 'Sam', last_name: 'Sales', email: 'sam@tutorcruncher.com' });
    tc2.seedAdmin({ id: 102, first_name: 'Toni', last_name: 'Support', email: 'toni@tutorcruncher.com' });
    const client = tc2.seedClient({
      id: 401,
      extra_attrs: [
        { machine_name: 'termination_category', value: 'Moved to a competitor' },
        { machine_name: 'referer', value: 'old value' },
        { machine_name: 'kept_as_is', value: 'TC2 only' },
        { machine_name: 'unset_choice', value: '----' },
        { machine_name: 'blank', value: '  ' },
      ],
    });
    await dataSource.query('TRUNCATE company, admin, pipeline, stage, customfield CASCADE');
    const admins = dataSource.getRepository(Admin);
    const sales = await admins.save({ username: 'sam@tutorcruncher.com', tc2_admin_id: 101, is_sales_person: true });
    const support = await admins.save({ username: 'toni@tutorcruncher.com', tc2_admin_id: 102, is_support_person: true });
    company = await dataSource.getRepository(Company).save({
      name: 'Brightside Tutors',
      tc2_cligency_id: client.id,
      tc2_agency_id: 201,
      pd_org_id: 42,
      website: 'https://brightside.example',
      sales_person_id: sales.id,
      support_person_id: support.id,
    });
    const stage = await dataSource.getRepository(Stage).save({ pd_stage_id: 11, name: 'Demo booked' });
    const pipeline = await dataSource.getRepository(Pipeline).save({ pd_pipeline_id: 21, name: 'PAYG', dft_entry_stage_id: stage.id });
    await dataSource.getRepository(Deal).save({
      name: company.name, company_id: company.id, admin_id: sales.id, pipeline_id: pipeline.id, stage_id: stage.id,
    });
    const [, referer] = await dataSource.getRepository(CustomField).save([
      { name: 'Website', machine_name: 'website', field_type: 'str', hermes_field_name: 'website', tc2_machine_name: 'website', linked_object_type: 'Company' },
      { name: 'Referer', machine_name: 'referer', field_type: 'str', tc2_machine_name: 'referer', linked_object_type: 'Company' },
      { name: 'Hermes ID', machine_name: 'hermes_id', field_type: 'fk_field', hermes_field_name: 'id', linked_object_type: 'Company' },
    ]);
    await dataSource.getRepository(CustomFieldValue).save({ custom_field_id: referer.id, company_id: company.id, value: 'a friend' });
  });

  it('uses the HTTP client pointed at TC2_BASE_URL', () => {
    expect(app.get(Tc2Client)).toBeInstanceOf(Tc2HttpClient);
  });

  it('posts the client with Pipedrive links, the open deal, custom fields and admins as TC2 ids, via the queue', async () => {
    await dataSource.transaction((manager) => outbound.tc2(company, manager));
    await until(() => tc2.saves.length === 1);

    expect(tc2.requestsTo('/api/clients/401/', 'GET')).toHaveLength(1);
    const [save] = tc2.saves;
    expect(save).toMatchObject({ clientId: 401, created: false });
    expect(save.payload).toMatchObject({
      user: { email: 'jane@brightside.example' },
      extra_attrs: {
        pipedrive_url: 'https://acme.pipedrive.com/organization/42/',
        pipedrive_deal_stage: 'Demo booked',
        pipedrive_pipeline: 'PAYG',
        website: 'https://brightside.example',
        referer: 'a friend',
        // TC2's own values as v2 read them, cleaned: lower-cased, placeholders and empty ones left out.
        kept_as_is: 'tc2 only',
        termination_category: 'moved-to-a-competitor',
      },
      sales_person: 101,
      associated_admin: 102,
    });
    expect(Object.keys((save.payload as { extra_attrs: object }).extra_attrs)).not.toEqual(expect.arrayContaining(['unset_choice']));
    expect((save.payload as { extra_attrs: object }).extra_attrs).not.toHaveProperty('blank');
    expect(save.payload).not.toHaveProperty('bdr_person');
    expect((save.payload as { extra_attrs: object }).extra_attrs).not.toHaveProperty('hermes_id');
  });

  it('keeps the stage and pipeline of the latest deal once it is won or lost, as v2 did, and no link once the organization is gone', async () => {
    await dataSource.getRepository(Deal).update({ company_id: company.id }, { status: 'lost' });
    await dataSource.getRepository(Company).update(company.id, { pd_org_id: null });
    await sync.updateClient(company.id);
    expect(tc2.saves[0].payload).toMatchObject({ extra_attrs: { pipedrive_deal_stage: 'Demo booked', pipedrive_pipeline: 'PAYG', pipedrive_url: null } });
  });

  it('sends the signup questionnaire back in the shape TC2 sent it', async () => {
    await dataSource.getRepository(CustomField).save({
      name: 'Signup Questionnaire', machine_name: 'signup_questionnaire', field_type: 'str', hermes_field_name: 'signup_questionnaire',
      tc2_machine_name: 'signup_questionnaire', linked_object_type: 'Company',
    });
    await dataSource.getRepository(Company).update(company.id, { signup_questionnaire: { tutors: 12, how_did_you_hear: 'search' } });
    await sync.updateClient(company.id);
    expect(tc2.saves[0].payload).toMatchObject({ extra_attrs: { signup_questionnaire: { tutors: 12, how_did_you_hear: 'search' } } });
  });

  it('enqueues nothing for a company that did not come from TC2, nor from an aborted transaction', async () => {
    await dataSource.transaction((manager) => outbound.tc2({ id: company.id, tc2_cligency_id: null }, manager));
    await expect(
      dataSource.transaction(async (manager) => {
        await outbound.tc2(company, manager);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await app.get(JobRecordsService).pendingCounts()).toEqual({});
  });

  it('does not post a client TC2 could not address (no email)', async () => {
    tc2.seedClient({ id: 401, user: { email: null } });
    await sync.updateClient(company.id);
    expect(tc2.saves).toEqual([]);
  });
});
