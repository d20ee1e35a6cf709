import { Logger } from '@nestjs/common';
import { Admin, Company, Config, dataSourceOptions, Deal, Pipeline, Stage } from '@hermes/database';
import { createTestDatabase, TestDatabase } from '@hermes/testing';
import { DataSource } from 'typeorm';
import { ConfigService } from '../config/config.service';
import { DealsService } from './deals.service';

describe('ConfigService and DealsService', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let deals: DealsService;
  let config: ConfigService;
  let company: Company;
  let pipeline: Pipeline;

  const db = () => dataSource.manager;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await new DataSource(dataSourceOptions(database.url)).initialize();
    config = new ConfigService(dataSource);
    deals = new DealsService(config);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  beforeEach(async () => {
    await dataSource.query('TRUNCATE company, deal, admin, pipeline, stage, config RESTART IDENTITY CASCADE');
    const sales = await db().save(Admin, { username: 'sam@tutorcruncher.com', is_sales_person: true });
    const stage = await db().save(Stage, { pd_stage_id: 11, name: 'Demo booked' });
    pipeline = await db().save(Pipeline, { pd_pipeline_id: 1, name: 'Startup', dft_entry_stage_id: stage.id });
    company = await db().save(Company, { name: 'Brightside Tutors', price_plan: 'startup', sales_person_id: sales.id });
  });

  it("creates the one Config row on first use with v2's defaults, then returns it", async () => {
    const first = await config.get(db());
    expect(first).toMatchObject({
      meeting_dur_mins: 30,
      meeting_buffer_mins: 15,
      meeting_min_start: '10:00',
      meeting_max_end: '17:30',
      payg_pipeline_id: null,
      startup_pipeline_id: null,
      enterprise_pipeline_id: null,
    });
    expect((await config.get(db())).id).toBe(first.id);
    expect(await db().count(Config)).toBe(1);
  });

  it('creates no deal, with a warning, while no pipeline is configured for the price plan', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    expect(await deals.getOrCreateOpenDeal(company, db())).toBeNull();
    expect(await db().count(Deal)).toBe(0);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('no startup pipeline'));
    warn.mockRestore();
  });

  it("creates a deal in the plan's pipeline at its entry stage, then reuses it while it is open", async () => {
    await db().save(Config, { startup_pipeline_id: pipeline.id });

    const deal = await deals.getOrCreateOpenDeal(company, db());
    expect(deal).toMatchObject({
      name: 'Brightside Tutors',
      status: 'open',
      company_id: company.id,
      admin_id: company.sales_person_id,
      pipeline_id: pipeline.id,
      stage_id: pipeline.dft_entry_stage_id,
      contact_id: null,
    });
    expect((await deals.getOrCreateOpenDeal(company, db()))?.id).toBe(deal!.id);

    await db().update(Deal, { id: deal!.id }, { status: 'won' });
    const next = await deals.getOrCreateOpenDeal(company, db());
    expect(next?.id).not.toBe(deal!.id);
    expect(await db().count(Deal)).toBe(2);
  });

  it('makes no deal for a company that has had one closed; else reuses its open deal, or creates one', async () => {
    await db().save(Config, { startup_pipeline_id: pipeline.id });

    const created = await deals.getOrCreateOpenDealUnlessClosed(company, await deals.ofCompany(company.id, db()), db());
    expect(created).toMatchObject({ status: 'open', company_id: company.id, pipeline_id: pipeline.id });
    expect((await deals.getOrCreateOpenDealUnlessClosed(company, await deals.ofCompany(company.id, db()), db()))?.id).toBe(created!.id);

    for (const status of ['won', 'lost', 'deleted'] as const) {
      await db().update(Deal, { id: created!.id }, { status });
      expect(await deals.getOrCreateOpenDealUnlessClosed(company, await deals.ofCompany(company.id, db()), db())).toBeNull();
      expect(await db().count(Deal)).toBe(1);
    }
  });
});
