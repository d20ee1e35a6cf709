import { DataSource } from 'typeorm';
import { Admin, Company, Config, Contact, CustomField, Deal, LinkedObjectType, Meeting, Pipeline, Stage } from '@hermes/database';
import { PipedriveFieldEntity, PipedriveSimulator } from '@hermes/sandbox';
import { FIELD_FIXTURES, fieldKey } from './custom-fields.fixture';

/** The API token of the tests' Pipedrive simulators. */
export const PD_TOKEN = 'pd-sync-token';

const ENTITY: Record<LinkedObjectType, PipedriveFieldEntity | undefined> = {
  Company: 'organization',
  Contact: 'person',
  Deal: 'deal',
  Meeting: undefined,
};

export interface Seed {
  sales: Admin;
  pipeline: Pipeline;
  entryStage: Stage;
  laterStage: Stage;
}

/**
 * A fresh Hermes and a fresh Pipedrive that agree on users, pipelines, stages and data fields:
 * what `hermes setup` leaves behind. Ids restart, so each test sees the same ones.
 */
export async function seedBoth(dataSource: DataSource, sim: PipedriveSimulator): Promise<Seed> {
  sim.reset();
  await dataSource.query(
    'TRUNCATE company, contact, deal, meeting, admin, pipeline, stage, config, customfield, customfieldvalue, pipedrive_sync_snapshot RESTART IDENTITY CASCADE',
  );
  const owner = sim.seedUser({ name: 'Sam Sales', email: 'sam@tutorcruncher.com' });
  const pdPipeline = sim.seedPipeline({ name: 'PAYG' });
  const pdEntry = sim.seedStage({ name: 'Demo booked', pipeline_id: pdPipeline.id });
  const pdLater = sim.seedStage({ name: 'Demo done', pipeline_id: pdPipeline.id });
  for (const field of FIELD_FIXTURES) {
    const entity = ENTITY[field.linked_object_type];
    if (entity) sim.seedField(entity, { name: field.name, field_type: field.pdType, key: fieldKey(field.linked_object_type, field.machine_name) });
  }

  const sales = await dataSource.getRepository(Admin).save({
    username: 'sam@tutorcruncher.com', first_name: 'Sam', last_name: 'Sales', pd_owner_id: owner.id, is_sales_person: true, sells_payg: true,
  });
  const entryStage = await dataSource.getRepository(Stage).save({ pd_stage_id: pdEntry.id, name: 'Demo booked' });
  const laterStage = await dataSource.getRepository(Stage).save({ pd_stage_id: pdLater.id, name: 'Demo done' });
  const pipeline = await dataSource.getRepository(Pipeline).save({ pd_pipeline_id: pdPipeline.id, name: 'PAYG', dft_entry_stage_id: entryStage.id });
  await dataSource.getRepository(Config).save({ payg_pipeline_id: pipeline.id });
  await dataSource.getRepository(CustomField).save(
    FIELD_FIXTURES.map(({ pdType: _pdType, ...field }) => ({ ...field, pd_field_id: fieldKey(field.linked_object_type, field.machine_name) })),
  );
  return { sales, pipeline, entryStage, laterStage };
}

export interface CompanyFixture {
  company: Company;
  contact: Contact;
  deal: Deal;
}

/** TC2 ids for createCompany's companies: distinct (random ones collided now and then), above any a test picks by hand. */
let nextTc2Id = 2_000_000;

/** A company from TC2 with one contact and an open deal, not yet in Pipedrive. */
export async function createCompany(dataSource: DataSource, seed: Seed, name = 'Brightside Tutors', email = 'jane@brightside.example'): Promise<CompanyFixture> {
  const company = await dataSource.getRepository(Company).save({
    name,
    tc2_agency_id: nextTc2Id++,
    tc2_cligency_id: nextTc2Id++,
    tc2_status: 'trial',
    website: `https://${name.toLowerCase().replace(/\W+/g, '')}.example`,
    sales_person_id: seed.sales.id,
  });
  const contact = await dataSource.getRepository(Contact).save({ first_name: 'Jane', last_name: 'Van Dyke', email, company_id: company.id });
  const deal = await dataSource.getRepository(Deal).save({
    name, company_id: company.id, contact_id: contact.id, admin_id: seed.sales.id, pipeline_id: seed.pipeline.id, stage_id: seed.entryStage.id,
  });
  return { company, contact, deal };
}

export async function addMeeting(dataSource: DataSource, seed: Seed, fixture: CompanyFixture, start = '2026-11-23T10:00:00Z'): Promise<Meeting> {
  const startTime = new Date(start);
  return dataSource.getRepository(Meeting).save({
    meeting_type: 'sales',
    start_time: startTime,
    end_time: new Date(startTime.getTime() + 30 * 60_000),
    admin_id: seed.sales.id,
    contact_id: fixture.contact.id,
    deal_id: fixture.deal.id,
  });
}

