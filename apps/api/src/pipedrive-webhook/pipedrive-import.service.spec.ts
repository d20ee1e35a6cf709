import { Company, Contact, Deal, Pipeline, Stage, WebhookLog } from '@hermes/database';
import { PipedriveSimulator } from '@hermes/sandbox';
import { fieldKey, PD_TOKEN, Seed, seedBoth } from '@hermes/testing';
import { DataSource } from 'typeorm';
import { HermesTestApp, simulatorEnv, startHermesApp } from '../__fixtures__/hermes-app.fixture';

import { PipedriveSyncService } from '../pipedrive/pipedrive-sync.service';
import { ImportProgress, PipedriveImportService } from './pipedrive-import.service';

describe('PipedriveImportService (sync from-pipedrive)', () => {
  const pd = new PipedriveSimulator({ apiToken: PD_TOKEN });
  let hermes: HermesTestApp;
  let dataSource: DataSource;
  let seed: Seed;

  beforeAll(async () => {
    await pd.start();
    hermes = await startHermesApp({ HERMES_ROLE: 'api', ...simulatorEnv({ pd }) });
    dataSource = hermes.dataSource;
    seed = await seedBoth(dataSource, pd);
  });

  afterAll(async () => {
    await hermes?.stop();
    await pd.stop();
  });

  it('brings pipelines, stages, organizations, persons and deals into Hermes; a second run changes nothing', async () => {
    const pipeline = pd.seedPipeline({ name: 'Enterprise' });
    const stage = pd.seedStage({ name: 'Qualified', pipeline_id: pipeline.id });
    const org = pd.seedOrganization({ name: 'Adopted Tutors', owner_id: seed.sales.pd_owner_id, custom_fields: { [fieldKey('Company', 'website')]: 'https://adopted.example' } });
    const person = pd.seedPerson({ name: 'Ada Lovelace', org_id: org.id, emails: [{ label: 'work', value: 'ada@adopted.example', primary: true }] });
    const deal = pd.seedDeal({ title: 'Adopted deal', org_id: org.id, person_id: person.id, owner_id: seed.sales.pd_owner_id, pipeline_id: pipeline.id, stage_id: stage.id });
    const stray = pd.seedPerson({ name: 'No Org' });

    const progress: ImportProgress[] = [];
    const { summary, problems } = await hermes.app.get(PipedriveImportService).importAll((p) => progress.push(p));

    const manager = dataSource.manager;
    const company = await manager.findOneByOrFail(Company, { pd_org_id: org.id });
    expect(company).toMatchObject({ name: 'Adopted Tutors', website: 'https://adopted.example', sales_person_id: seed.sales.id });
    const contact = await manager.findOneByOrFail(Contact, { pd_person_id: person.id });
    expect(contact).toMatchObject({ first_name: 'Ada', last_name: 'Lovelace', email: 'ada@adopted.example', company_id: company.id });
    const hermesStage = await manager.findOneByOrFail(Stage, { pd_stage_id: stage.id });
    const hermesPipeline = await manager.findOneByOrFail(Pipeline, { pd_pipeline_id: pipeline.id });
    expect(hermesStage.pipeline_id).toBe(hermesPipeline.id);
    expect(await manager.findOneByOrFail(Deal, { pd_deal_id: deal.id })).toMatchObject({ name: 'Adopted deal', contact_id: contact.id, stage_id: hermesStage.id });
    expect(await manager.findOneBy(Contact, { pd_person_id: stray.id })).toBeNull();
    expect(summary.organization).toEqual({ applied: 1, ignored: 0, rejected: 0 });
    expect(summary.person).toEqual({ applied: 1, ignored: 1, rejected: 0 });
    expect(problems).toEqual([]);
    expect(progress.at(-1)).toEqual({ entity: 'deal', done: 1, total: 1 });
    // An import is not a webhook: the log stays for what Pipedrive sent.
    expect(await manager.count(WebhookLog)).toBe(0);

    // The import queued the company's sync, which gives the new objects their Hermes ids in Pipedrive.
    await hermes.app.get(PipedriveSyncService).syncCompany(company.id);
    expect(pd.object('organization', org.id)!.custom_fields).toMatchObject({ [fieldKey('Company', 'hermes_id')]: company.id });
    const again = await hermes.app.get(PipedriveImportService).importAll();
    expect(again.summary.organization).toEqual({ applied: 0, ignored: 1, rejected: 0 });
    expect(again.summary.deal).toEqual({ applied: 0, ignored: 1, rejected: 0 });
    expect(await manager.count(Company)).toBe(1);
  });
});
