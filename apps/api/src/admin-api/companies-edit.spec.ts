import { NestExpressApplication } from '@nestjs/platform-express';
import { Admin, Company, Deal, Pipeline, Stage } from '@hermes/database';
import { GoogleSignInSimulator } from '@hermes/sandbox';
import { createTestDatabase, TestDatabase } from '@hermes/testing';
import { DataSource } from 'typeorm';
import { CookieJar, googleAccount, signedIn, startAdminApp } from '../auth/__fixtures__/admin-app.fixture';
import { PIPEDRIVE_COMPANY_SYNC_JOB, TC2_CLIENT_UPDATE_JOB } from '../core/sync/outbound-sync.service';
import { JobRecordsService } from '../jobs/job-records.service';

const ADA = 'ada.lovelace@tutorcruncher.com';

/** PUT /admin-api/companies/:id: what ops corrected by hand in v2, now validated and synced. */
describe('editing a company through the admin API', () => {
  const google = new GoogleSignInSimulator({ accounts: [googleAccount(ADA)] });
  let database: TestDatabase;
  let app: NestExpressApplication;
  let url: string;
  let dataSource: DataSource;
  let jar: CookieJar;
  let ada: Admin;
  let kim: Admin;

  const put = (id: number, body: unknown) =>
    jar.fetch(`${url}/admin-api/companies/${id}`, { method: 'PUT', headers: { 'content-type': 'application/json', origin: url }, body: JSON.stringify(body) });
  /** The syncs queued for the company: the API process only enqueues (HERMES_ROLE=api). */
  const queued = async (companyId: number) => {
    const { jobs } = await app.get(JobRecordsService).list({ states: ['created'], orderBy: 'created_on', order: 'ASC', offset: 0, limit: null });
    return jobs.filter((job) => (job.data as { companyId?: number }).companyId === companyId).map((job) => job.name).sort();
  };
  const company = (changes: Partial<Company> = {}) =>
    dataSource.getRepository(Company).save({ name: 'Brightside Tutors', sales_person_id: ada.id, website: 'brightside.example', ...changes });

  beforeAll(async () => {
    await google.start();
    database = await createTestDatabase();
    ({ app, url } = await startAdminApp(database.url, google, { PD_BASE_URL: 'https://acme.pipedrive.example', PD_API_KEY: 'pd-token' }));
    await app.listen(new URL(url).port, '127.0.0.1');
    dataSource = app.get(DataSource);
    ada = await dataSource.getRepository(Admin).save({ username: ADA, is_sales_person: true });
    kim = await dataSource.getRepository(Admin).save({ username: 'kim@tutorcruncher.com', is_support_person: true, tc2_admin_id: 77 });
    jar = await signedIn(url, ADA);
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
    await google.stop();
  });

  it('saves the corrected fields and queues the Pipedrive sync, and the TC2 update when TC2 is sent them', async () => {
    const fromTc2 = await company({ tc2_agency_id: 11, tc2_cligency_id: 12 });

    // The whole record, as react-admin's Edit sends it: what may not be edited is ignored.
    const response = await put(fromTc2.id, { ...fromTc2, name: '  Brightside Learning ', website: '', support_person_id: kim.id, tc2_status: 'active', pd_url: 'x' });

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: fromTc2.id, name: 'Brightside Learning', website: null, support_person_id: kim.id, tc2_status: 'pending_email_conf' });
    expect(await dataSource.getRepository(Company).findOneByOrFail({ id: fromTc2.id })).toMatchObject({ name: 'Brightside Learning', website: null, support_person_id: kim.id });
    expect(await queued(fromTc2.id)).toEqual([PIPEDRIVE_COMPANY_SYNC_JOB, TC2_CLIENT_UPDATE_JOB].sort());

    // A name is not TC2's to be told; nothing changed queues nothing.
    const onlyName = await company({ tc2_agency_id: 21, tc2_cligency_id: 22 });
    await put(onlyName.id, { name: 'Renamed Tutors', price_plan: 'enterprise' });
    expect(await queued(onlyName.id)).toEqual([PIPEDRIVE_COMPANY_SYNC_JOB]);
    const unchanged = await company({ name: 'Steady Tutors' });
    expect((await put(unchanged.id, { name: 'Steady Tutors', sales_person_id: ada.id })).status).toBe(200);
    expect(await queued(unchanged.id)).toEqual([]);
  });

  it('loses the open deals of a company marked NARC', async () => {
    const narc = await company({ name: 'Not Really Tutors' });
    const pipeline = await dataSource.getRepository(Pipeline).save({ pd_pipeline_id: 1, name: 'PAYG' });
    const stage = await dataSource.getRepository(Stage).save({ pd_stage_id: 1, name: 'Contacted', pipeline_id: pipeline.id });
    const deal = await dataSource.getRepository(Deal).save({ company_id: narc.id, admin_id: ada.id, pipeline_id: pipeline.id, stage_id: stage.id, name: 'Not Really Tutors' });

    expect((await put(narc.id, { narc: true })).status).toBe(200);

    expect(await dataSource.getRepository(Deal).findOneByOrFail({ id: deal.id })).toMatchObject({ status: 'lost' });
    expect(await queued(narc.id)).toEqual([PIPEDRIVE_COMPANY_SYNC_JOB]);
  });

  it('answers 422 naming the field, and changes nothing, for unknown admins and bad values', async () => {
    const target = await company({ name: 'Careful Tutors' });
    const refusals: [unknown, string, string][] = [
      [{ support_person_id: 9999 }, 'support_person_id', 'no admin has id 9999'],
      [{ name: 'Careful Tutors Ltd', bdr_person_id: 9999 }, 'bdr_person_id', 'no admin has id 9999'],
      [{ price_plan: 'platinum' }, 'price_plan', 'price_plan must be one of payg, startup, enterprise'],
      [{ sales_person_id: null }, 'sales_person_id', 'sales_person_id must be an integer number'],
      [{ name: '   ' }, 'name', 'must not be empty'],
      [{ narc: 'yes' }, 'narc', 'narc must be a boolean value'],
      [{ website: 'x'.repeat(256) }, 'website', 'website must be shorter than or equal to 255 characters'],
    ];
    for (const [body, field, problem] of refusals) {
      const response = await put(target.id, body);
      expect([response.status, field]).toEqual([422, field]);
      const answer = (await response.json()) as { errors: Record<string, string> };
      expect(answer.errors[field]).toContain(problem);
    }
    expect(await dataSource.getRepository(Company).findOneByOrFail({ id: target.id })).toMatchObject({ name: 'Careful Tutors', price_plan: 'payg', sales_person_id: ada.id });
    expect(await queued(target.id)).toEqual([]);
    expect((await put(424242, { name: 'Nobody' })).status).toBe(404);
  });

  it('sends people at the API root to the SPA', async () => {
    const root = await fetch(`${url}/`, { redirect: 'manual' });
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe(`${url}/admin/`);
  });
});
