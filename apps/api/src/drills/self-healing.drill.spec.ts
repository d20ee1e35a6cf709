import { NestExpressApplication } from '@nestjs/platform-express';
import { Admin, Company, CompanySync, Contact, Deal, HermesState, WebhookLog } from '@hermes/database';
import { PipedriveSimulator, Sandbox, startSandbox } from '@hermes/sandbox';
import { createCompany, Seed, seedBoth, until } from '@hermes/testing';
import { DataSource } from 'typeorm';
import { HermesTestApp, startHermesApp } from '../__fixtures__/hermes-app.fixture';
import { HermesStateService } from '../core/state/hermes-state.service';
import { JobRecordsService } from '../jobs/job-records.service';
import { SYNC_STATUS_FIELD_NAME, SYNC_STATUS_FIELD_STATE } from '../pipedrive/sync-status-field.service';
import { OutboundSyncService } from '../core/sync/outbound-sync.service';
import { HermesConfig } from '../config/hermes-config';
import { MetricsService } from '../metrics/metrics.service';
import { PipedriveClient } from '../pipedrive/pipedrive.client';
import { HERMES_WEBHOOK_OBJECTS, hermesWebhookUrl } from '../pipedrive-webhook/hermes-webhooks';
import { CATCH_UP_LAST_RUN, CatchUpRun } from '../self-healing/pipedrive-catch-up.service';
import { PIPEDRIVE_CATCH_UP_JOB } from '../self-healing/pipedrive-catch-up.job';
import { WEBHOOK_HEALTH_STATE, WebhookHealth } from '../self-healing/webhook-health.service';

const INTERVAL_SECONDS = 2;

/**
 * Drill: Pipedrive's webhooks stop arriving (banned after failures, a deploy, an outage) and Hermes
 * heals itself: the catch-up finds every change within one interval, costs one request per kind of
 * object when nothing changed, and a company whose sync fails for good says so where people look.
 */
describe('drill: Hermes heals what lost webhooks left out of step', () => {
  let sandbox: Sandbox;
  let pd: PipedriveSimulator;
  let hermes: HermesTestApp;
  let app: NestExpressApplication;
  let dataSource: DataSource;
  let seed: Seed;

  const db = () => dataSource.manager;
  const lastRun = async () => (await db().findOneBy(HermesState, { key: CATCH_UP_LAST_RUN }))?.value as CatchUpRun | undefined;
  /** Waits for a catch-up run that starts after now, and returns it. */
  const nextRun = async () => {
    const now = Date.now();
    await until(async () => Date.parse((await lastRun())?.at ?? '1970-01-01') > now, (INTERVAL_SECONDS * 2 + 5) * 1000);
    return (await lastRun())!;
  };
  /** The syncs queued so far are done (the catch-up, which comes every interval, aside). */
  const settle = () =>
    until(async () => Object.entries(await app.get(JobRecordsService).pendingCounts()).every(([name, count]) => name === PIPEDRIVE_CATCH_UP_JOB || count === 0), 20_000);
  /** A company synced to Pipedrive: organization, person and open deal. */
  const synced = async () => {
    const fixture = await createCompany(dataSource, seed);
    await dataSource.transaction((manager) => app.get(OutboundSyncService).pipedrive(fixture.company.id, manager));
    await settle();
    return {
      company: await db().findOneByOrFail(Company, { id: fixture.company.id }),
      contact: await db().findOneByOrFail(Contact, { id: fixture.contact.id }),
      deal: await db().findOneByOrFail(Deal, { id: fixture.deal.id }),
    };
  };

  beforeAll(async () => {
    sandbox = await startSandbox();
    pd = sandbox.pipedrive;
    hermes = await startHermesApp({
      HERMES_ROLE: 'all',
      ...sandbox.env,
      PD_RECONCILE_INTERVAL_SECONDS: String(INTERVAL_SECONDS),
      PD_WEBHOOK_USER: 'pipedrive',
      PD_WEBHOOK_PASSWORD: 'self-healing',
    });
    ({ app, dataSource } = hermes);
  });

  afterAll(async () => {
    await hermes?.stop();
    await sandbox?.stop();
  });

  beforeEach(async () => {
    seed = await seedBoth(dataSource, pd);
    // No webhook reaches Hermes in this drill: only the catch-up can tell it what changed.
    pd.loseWebhooks(true);
    await nextRun();
    await db().query('TRUNCATE webhook_log, sync_write, event_clock RESTART IDENTITY');
    // The TC2 updates a case's changes queued: this drill has no TC2 clients to send them to.
    await db().query(`DELETE FROM pgboss.job WHERE name <> $1`, [PIPEDRIVE_CATCH_UP_JOB]);
  });

  it('finds a rename, an owner change, a new person and a deleted deal made in Pipedrive within one interval', async () => {
    const { company, deal } = await synced();
    const rita = pd.seedUser({ name: 'Rita Other', email: 'rita@tutorcruncher.com' });
    const other = await db().save(Admin, { username: 'rita@tutorcruncher.com', pd_owner_id: rita.id, is_sales_person: true });

    pd.editInApp('organization', company.pd_org_id!, { name: 'Brightside Tutors Ltd', owner_id: rita.id });
    const person = pd.createInApp('person', { name: 'Nia New', org_id: company.pd_org_id, emails: [{ value: 'nia@brightside.example', primary: true }] });
    pd.deleteInApp('deal', deal.pd_deal_id!);
    await nextRun();

    expect(await db().findOneByOrFail(Company, { id: company.id })).toMatchObject({ name: 'Brightside Tutors Ltd', sales_person_id: other.id });
    expect(await db().findOneBy(Contact, { pd_person_id: person.id })).toMatchObject({ company_id: company.id, first_name: 'Nia', email: 'nia@brightside.example' });
    expect(await db().findOneByOrFail(Deal, { id: deal.id })).toMatchObject({ status: 'deleted' });
    const caughtUp = await db().find(WebhookLog, { where: { via: 'catch-up', company_id: company.id }, order: { id: 'ASC' } });
    expect(caughtUp.map(({ entity, action, outcome, fields }) => ({ entity, action, outcome, fields }))).toEqual(
      expect.arrayContaining([
        { entity: 'organization', action: 'change', outcome: 'applied', fields: ['name', 'owner_id'] },
        { entity: 'person', action: 'change', outcome: 'applied', fields: expect.arrayContaining(['name', 'emails']) },
        { entity: 'deal', action: 'delete', outcome: 'applied', fields: null },
      ]),
    );
    const { body } = await app.get(MetricsService).scrape();
    for (const object of ['organization', 'person', 'deal']) {
      expect(body).toMatch(new RegExp(`^hermes_drift_healed_total\\{object="${object}"\\} [1-9]`, 'm'));
    }
  });

  it('costs one request per kind of object, and changes nothing, when nothing changed', async () => {
    // Everything was last changed an hour ago, long before the runs below.
    pd.setTime(new Date(Date.now() - 60 * 60 * 1000));
    await synced();
    pd.setTime(null);
    await nextRun();
    const writesBefore = pd.requests.filter((r) => r.method !== 'GET').length;
    const logBefore = await db().count(WebhookLog);

    const run = await nextRun();
    expect(run.requests).toBeLessThanOrEqual(5);
    // Nothing listed at all: not even the objects Hermes itself wrote, once a run passed them (the
    // pipelines and stages seeded a moment ago are within the minute a run looks back).
    const listed = (['organization', 'person', 'deal'] as const).map((kind) => Object.values(run.summary[kind]).reduce((sum, n) => sum + n, 0));
    expect(listed).toEqual([0, 0, 0]);
    expect(run.summary.pipeline.applied + run.summary.stage.applied).toBe(0);
    expect(pd.requests.filter((r) => r.method !== 'GET').length).toBe(writesBefore);
    expect(await db().count(WebhookLog)).toBe(logBefore);
  });

  it('registers again a webhook Pipedrive deleted, and replaces one it disabled', async () => {
    const client = app.get(PipedriveClient);
    const config = app.get(HermesConfig);
    const healthy = () => pd.webhooks().filter((webhook) => webhook.is_active === 1).length === HERMES_WEBHOOK_OBJECTS.length;
    // The account was emptied: the first check registers all five.
    await until(async () => healthy(), (INTERVAL_SECONDS * 3 + 5) * 1000);
    // Only the checks that start from here count (not the one that registered the five).
    const broken = Date.now();
    const [person] = pd.webhooks().filter((webhook) => webhook.event_object === 'person');
    await client.deleteWebhook(person.id);
    const deal = pd.webhooks().find((webhook) => webhook.event_object === 'deal')!;
    deal.is_active = 0;
    // A check may come between the two breakages: what the checks repaired is gathered until all is well.
    const repaired = new Set<string>();
    await until(async () => {
      const health = (await db().findOneBy(HermesState, { key: WEBHOOK_HEALTH_STATE }))?.value as WebhookHealth | undefined;
      if (health && Date.parse(health.checkedAt) >= broken) for (const line of health.repaired) repaired.add(line);
      return repaired.size === 3 && healthy();
    }, (INTERVAL_SECONDS * 3 + 5) * 1000);

    const webhooks = pd.webhooks();
    expect(webhooks.map((webhook) => webhook.event_object).sort()).toEqual([...HERMES_WEBHOOK_OBJECTS].sort());
    expect(webhooks.every((webhook) => webhook.is_active === 1 && webhook.http_auth_user === 'pipedrive' && webhook.subscription_url === hermesWebhookUrl(config))).toBe(true);
    expect(((await db().findOneByOrFail(HermesState, { key: WEBHOOK_HEALTH_STATE })).value as WebhookHealth).problems).toEqual([]);
    expect([...repaired].sort()).toEqual([
      `Deleted webhook ${deal.id} (deal) at ${hermesWebhookUrl(config)}: inactive`,
      `Registered the Pipedrive deal webhook at ${hermesWebhookUrl(config)}`,
      `Registered the Pipedrive person webhook at ${hermesWebhookUrl(config)}`,
    ]);
  });

  it('a sync that fails for good shows in Hermes and on the organization, and the next success clears it', async () => {
    const { company } = await synced();
    const statusField = pd.seedField('organization', { name: SYNC_STATUS_FIELD_NAME, field_type: 'varchar' });
    await app.get(HermesStateService).set(SYNC_STATUS_FIELD_STATE, { key: statusField.field_code });
    // One attempt only, so the job fails for good at once.
    await db().query(`UPDATE pgboss.queue SET retry_limit = 0 WHERE name = 'pipedrive.company-sync'`);
    try {
      await db().update(Company, company.id, { name: 'Refused Tutors' });
      pd.failNext(1, { kind: 'status', status: 400, error: 'Validation failed: name' }, { method: 'PATCH', path: /organizations/ });
      await dataSource.transaction((manager) => app.get(OutboundSyncService).pipedrive(company.id, manager));
      await settle();

      expect(await db().findOneByOrFail(CompanySync, { company_id: company.id })).toMatchObject({
        error: expect.stringContaining('Validation failed: name'),
        failed_at: expect.any(Date),
      });
      expect(pd.object('organization', company.pd_org_id!)!.custom_fields).toMatchObject({
        [statusField.field_code]: expect.stringMatching(/^Sync failed \d{4}-\d\d-\d\d \d\d:\d\d UTC: .*Validation failed: name/),
      });

      await dataSource.transaction((manager) => app.get(OutboundSyncService).pipedrive(company.id, manager));
      await settle();
      expect(await db().findOneByOrFail(CompanySync, { company_id: company.id })).toMatchObject({ error: null, failed_at: null, synced_at: expect.any(Date) });
      expect(pd.object('organization', company.pd_org_id!)).toMatchObject({ name: 'Refused Tutors', custom_fields: expect.objectContaining({ [statusField.field_code]: null }) });
    } finally {
      await db().query(`UPDATE pgboss.queue SET retry_limit = 8 WHERE name = 'pipedrive.company-sync'`);
    }
  });
});
