import { Admin, Company, Contact, Deal } from '@hermes/database';
import { buildTc2Client, PipedriveSimulator, tc2ClientEvent, Tc2Simulator, tc2WebhookBody } from '@hermes/sandbox';
import { PD_TOKEN, Seed, seedBoth, until } from '@hermes/testing';
import { DataSource, IsNull, Not } from 'typeorm';
import { HermesTestApp, simulatorEnv, startHermesApp } from '../__fixtures__/hermes-app.fixture';

const TC2_KEY = 'tc2-webhook-key';

/** The webhook end to end with the queue's workers running, as in a `HERMES_ROLE=all` process. */
describe('POST /tc2/callback/ with the worker running', () => {
  const tc2 = new Tc2Simulator({ apiKey: TC2_KEY });
  const pd = new PipedriveSimulator({ apiToken: PD_TOKEN });
  let hermes: HermesTestApp;
  let url: string;
  let dataSource: DataSource;
  let seed: Seed;

  const db = () => dataSource.manager;
  const client = (narc: boolean) =>
    buildTc2Client({ meta_agency: { status: 'trial', paid_invoice_count: 0, created: new Date().toISOString(), narc } });

  beforeAll(async () => {
    await Promise.all([tc2.start(), pd.start()]);
    hermes = await startHermesApp({ HERMES_ROLE: 'all', ...simulatorEnv({ tc2, pd }) });
    dataSource = hermes.dataSource;
    seed = await seedBoth(dataSource, pd);
    await db().update(Admin, { id: seed.sales.id }, { tc2_admin_id: 301 });
    url = `${hermes.url}/tc2/callback/`;
  });

  afterAll(async () => {
    await hermes?.stop();
    await Promise.all([tc2.stop(), pd.stop()]);
  });

  it('syncs a new client to Pipedrive with the right owner and fields, and purges it once it is a narc', async () => {
    expect((await tc2.sendWebhook(url, tc2WebhookBody([tc2ClientEvent(client(false))]))).status).toBe(200);

    // Pipedrive holds the deal a moment before Hermes has stored its id.
    await until(async () => pd.objects('deal').length === 1 && (await db().findBy(Deal, { pd_deal_id: Not(IsNull()) })).length === 1);
    const company = await db().findOneByOrFail(Company, { tc2_agency_id: 201 });
    const [contact] = await db().findBy(Contact, { company_id: company.id });
    const [deal] = await db().findBy(Deal, { company_id: company.id });
    expect(pd.object('organization', company.pd_org_id!)).toMatchObject({
      name: 'Brightside Tutors',
      owner_id: seed.sales.pd_owner_id,
      custom_fields: expect.objectContaining({ company_hermes_id: company.id, company_tc2_status: 'trial' }),
    });
    expect(pd.object('person', contact.pd_person_id!)).toMatchObject({ name: 'Jane Doe', org_id: company.pd_org_id });
    expect(pd.object('deal', deal.pd_deal_id!)).toMatchObject({
      title: 'Brightside Tutors',
      owner_id: seed.sales.pd_owner_id,
      org_id: company.pd_org_id,
      person_id: contact.pd_person_id,
      stage_id: seed.entryStage.pd_stage_id,
      custom_fields: expect.objectContaining({ deal_hermes_id: deal.id, deal_website: 'https://brightside.example' }),
    });

    expect((await tc2.sendWebhook(url, tc2WebhookBody([tc2ClientEvent(client(true))]))).status).toBe(200);

    await until(async () => !pd.objects('organization').length && !pd.objects('person').length && !pd.objects('deal').length);
    await until(async () => (await db().findOneByOrFail(Company, { id: company.id })).pd_org_id === null);
  });
});
