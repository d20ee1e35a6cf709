import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createTestDatabase, TestDatabase } from '@hermes/testing';
import { Admin, Company, Config, Contact, CustomField, CustomFieldValue, Deal, Meeting, Pipeline, PipedriveSyncSnapshot, Stage } from './entities';
import { dataSourceOptions } from './data-source';

const ROOT = join(__dirname, '../../..');
const V2_DATABASE_SQL = readFileSync(join(__dirname, '__fixtures__/v2-database.sql'), 'utf8');

/** v2's schema and the columns Hermes added to its tables: `type nullability [default]`. */
const V2_COLUMNS: Record<string, Record<string, string>> = {
  admin: {
    id: 'integer not null default serial',
    username: 'varchar(255) not null',
    password: 'varchar(255) null',
    tc2_admin_id: 'integer null',
    pd_owner_id: 'integer null',
    first_name: "varchar(255) not null default ''",
    last_name: "varchar(255) not null default ''",
    timezone: "varchar(255) not null default 'Europe/London'",
    ...Object.fromEntries(
      ['is_sales_person', 'is_support_person', 'is_bdr_person', 'sells_payg', 'sells_startup', 'sells_enterprise']
        .concat(['sells_us', 'sells_gb', 'sells_au', 'sells_ca', 'sells_eu', 'sells_row'])
        .map((name) => [name, 'boolean not null default false']),
    ),
  },
  stage: {
    id: 'integer not null default serial',
    pd_stage_id: 'integer not null',
    name: 'varchar(255) not null',
    pipeline_id: 'integer null',
  },
  pipeline: {
    id: 'integer not null default serial',
    pd_pipeline_id: 'integer not null',
    name: 'varchar(255) not null',
    dft_entry_stage_id: 'integer null',
  },
  config: {
    id: 'integer not null default serial',
    meeting_dur_mins: 'integer not null default 30',
    meeting_buffer_mins: 'integer not null default 15',
    meeting_min_start: "varchar(5) not null default '10:00'",
    meeting_max_end: "varchar(5) not null default '17:30'",
    payg_pipeline_id: 'integer null',
    startup_pipeline_id: 'integer null',
    enterprise_pipeline_id: 'integer null',
  },
  company: {
    id: 'integer not null default serial',
    name: 'varchar(255) not null',
    tc2_agency_id: 'integer null',
    tc2_cligency_id: 'integer null',
    tc2_status: "varchar(25) null default 'pending_email_conf'",
    pd_org_id: 'integer null',
    created: 'timestamptz not null default now()',
    price_plan: "varchar(255) not null default 'payg'",
    country: 'varchar(255) null',
    website: 'varchar(255) null',
    paid_invoice_count: 'integer not null default 0',
    estimated_income: 'varchar(255) null',
    currency: 'varchar(255) null',
    has_booked_call: 'boolean not null default false',
    has_signed_up: 'boolean not null default false',
    utm_campaign: 'varchar(255) null',
    utm_source: 'varchar(255) null',
    narc: 'boolean not null default false',
    signup_questionnaire: 'jsonb null',
    pay0_dt: 'timestamptz null',
    pay1_dt: 'timestamptz null',
    pay3_dt: 'timestamptz null',
    gclid: 'varchar(255) null',
    gclid_expiry_dt: 'timestamptz null',
    email_confirmed_dt: 'timestamptz null',
    card_saved_dt: 'timestamptz null',
    sales_person_id: 'integer not null',
    support_person_id: 'integer null',
    bdr_person_id: 'integer null',
    pd_removed: 'varchar(16) null',
    pd_removed_at: 'timestamptz null',
  },
  contact: {
    id: 'integer not null default serial',
    tc2_sr_id: 'integer null',
    pd_person_id: 'integer null',
    created: 'timestamptz not null default now()',
    first_name: 'varchar(255) null',
    last_name: 'varchar(255) null',
    email: 'varchar(255) null',
    phone: 'varchar(255) null',
    country: 'varchar(255) null',
    company_id: 'integer not null',
  },
  deal: {
    id: 'integer not null default serial',
    pd_deal_id: 'integer null',
    name: 'varchar(255) null',
    status: "varchar(255) not null default 'open'",
    admin_id: 'integer not null',
    company_id: 'integer not null',
    contact_id: 'integer null',
    pipeline_id: 'integer not null',
    stage_id: 'integer not null',
  },
  meeting: {
    id: 'integer not null default serial',
    created: 'timestamptz not null default now()',
    start_time: 'timestamptz null',
    end_time: 'timestamptz null',
    status: "varchar(255) not null default 'PLANNED'",
    meeting_type: 'varchar(255) not null',
    admin_id: 'integer not null',
    contact_id: 'integer not null',
    deal_id: 'integer null',
  },
  customfield: {
    id: 'integer not null default serial',
    name: 'varchar(255) not null',
    machine_name: 'varchar(255) null',
    field_type: 'varchar(255) not null',
    hermes_field_name: 'varchar(255) null',
    tc2_machine_name: 'varchar(255) null',
    pd_field_id: 'varchar(255) null',
    linked_object_type: 'varchar(255) not null',
  },
  customfieldvalue: {
    id: 'integer not null default serial',
    custom_field_id: 'integer not null',
    company_id: 'integer null',
    contact_id: 'integer null',
    deal_id: 'integer null',
    meeting_id: 'integer null',
    value: 'varchar(10000) null',
  },
};

const V2_UNIQUES = [
  'admin(tc2_admin_id)',
  'company(pd_org_id)',
  'company(tc2_agency_id)',
  'company(tc2_cligency_id)',
  'contact(pd_person_id)',
  'contact(tc2_sr_id)',
  'customfield(machine_name,linked_object_type)',
  'customfieldvalue(custom_field_id,company_id)',
  'customfieldvalue(custom_field_id,contact_id)',
  'customfieldvalue(custom_field_id,deal_id)',
  'customfieldvalue(custom_field_id,meeting_id)',
  'deal(pd_deal_id)',
  'pipeline(pd_pipeline_id)',
  'stage(pd_stage_id)',
];

const V2_FOREIGN_KEYS = [
  'company.bdr_person_id -> admin CASCADE',
  'company.sales_person_id -> admin CASCADE',
  'company.support_person_id -> admin CASCADE',
  'config.enterprise_pipeline_id -> pipeline CASCADE',
  'config.payg_pipeline_id -> pipeline CASCADE',
  'config.startup_pipeline_id -> pipeline CASCADE',
  'contact.company_id -> company CASCADE',
  'customfieldvalue.company_id -> company CASCADE',
  'customfieldvalue.contact_id -> contact CASCADE',
  'customfieldvalue.custom_field_id -> customfield CASCADE',
  'customfieldvalue.deal_id -> deal CASCADE',
  'customfieldvalue.meeting_id -> meeting CASCADE',
  'deal.admin_id -> admin CASCADE',
  'deal.company_id -> company CASCADE',
  'deal.contact_id -> contact CASCADE',
  'deal.pipeline_id -> pipeline CASCADE',
  'deal.stage_id -> stage CASCADE',
  'meeting.admin_id -> admin CASCADE',
  'meeting.contact_id -> contact CASCADE',
  'meeting.deal_id -> deal SET NULL',
  'pipeline.dft_entry_stage_id -> stage CASCADE',
  'stage.pipeline_id -> pipeline SET NULL',
];

const TABLES = Object.keys(V2_COLUMNS);

/** Columns Hermes added to v2's tables, as a v2 row reads after the takeover. */
const ADDED_COLUMNS: Record<string, Record<string, unknown>> = { stage: { pipeline_id: null }, company: { pd_removed: null, pd_removed_at: null } };

async function migrationRun(url: string): Promise<string> {
  const { stdout } = await promisify(execFile)('npm', ['run', '--silent', 'migration:run'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url },
  });
  return stdout;
}

async function migrationGenerate(url: string, name: string): Promise<string> {
  const { stdout } = await promisify(execFile)('npm', ['run', '--silent', 'migration:generate', '--', name], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url },
  });
  return stdout;
}

async function query<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

async function columns(url: string): Promise<Record<string, Record<string, string>>> {
  const rows = await query<{
    table_name: string;
    column_name: string;
    data_type: string;
    character_maximum_length: number | null;
    is_nullable: string;
    column_default: string | null;
  }>(
    url,
    `SELECT table_name, column_name, data_type, character_maximum_length, is_nullable, column_default
       FROM information_schema.columns WHERE table_schema = 'public' AND table_name = ANY($1)`,
    [TABLES],
  );
  const result: Record<string, Record<string, string>> = {};
  for (const row of rows) {
    const type =
      row.data_type === 'character varying'
        ? `varchar(${row.character_maximum_length})`
        : row.data_type === 'timestamp with time zone'
          ? 'timestamptz'
          : row.data_type;
    let column = `${type} ${row.is_nullable === 'YES' ? 'null' : 'not null'}`;
    if (row.column_default !== null) {
      const fallback = row.column_default.startsWith('nextval(') ? 'serial' : row.column_default.replace(/::[\w ]+$/, '');
      column += ` default ${fallback}`;
    }
    (result[row.table_name] ??= {})[row.column_name] = column;
  }
  return result;
}

async function uniques(url: string): Promise<string[]> {
  const rows = await query<{ entry: string }>(
    url,
    `SELECT t.relname || '(' || string_agg(a.attname, ',' ORDER BY k.ord) || ')' AS entry
       FROM pg_index i
       JOIN pg_class t ON t.oid = i.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public'
       CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
       JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
      WHERE i.indisunique AND NOT i.indisprimary AND t.relname = ANY($1)
      GROUP BY i.indexrelid, t.relname`,
    [TABLES],
  );
  return [...new Set(rows.map((r) => r.entry))].sort();
}

async function foreignKeys(url: string): Promise<string[]> {
  const rows = await query<{ entry: string }>(
    url,
    `SELECT c.conrelid::regclass::text || '.' || a.attname || ' -> ' || c.confrelid::regclass::text || ' ' ||
            CASE c.confdeltype WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' ELSE c.confdeltype::text END AS entry
       FROM pg_constraint c
       JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
      WHERE c.contype = 'f' AND c.conrelid::regclass::text = ANY($1)`,
    [TABLES],
  );
  return rows.map((r) => r.entry).sort();
}

/** What TypeORM would still change to make the database match the entities: nothing, if they agree. */
async function pendingSchemaChanges(url: string): Promise<string[]> {
  const dataSource = await new DataSource(dataSourceOptions(url)).initialize();
  try {
    const { upQueries } = await dataSource.driver.createSchemaBuilder().log();
    return upQueries.map((q) => q.query);
  } finally {
    await dataSource.destroy();
  }
}

async function expectV2Schema(url: string): Promise<void> {
  expect(await columns(url)).toEqual(V2_COLUMNS);
  expect(await uniques(url)).toEqual(V2_UNIQUES);
  expect(await foreignKeys(url)).toEqual(V2_FOREIGN_KEYS);
  expect(await pendingSchemaChanges(url)).toEqual([]);
}

describe('migrations', () => {
  let database: TestDatabase;

  beforeEach(async () => {
    database = await createTestDatabase({ empty: true });
  });

  afterEach(async () => {
    await database.drop();
  });

  it('build the v2 schema on an empty database, and a second run changes nothing', async () => {
    expect(await migrationRun(database.url)).toMatch(/Applied: Baseline\d+/);
    await expectV2Schema(database.url);

    expect(await migrationRun(database.url)).toMatch(/Nothing to apply/);
    await expectV2Schema(database.url);
  });

  it('take over a database built by v2 without losing or changing a row', async () => {
    await query(database.url, V2_DATABASE_SQL);
    const before = await Promise.all(TABLES.map((t) => query(database.url, `SELECT * FROM "${t}" ORDER BY id`)));

    await migrationRun(database.url);

    const after = await Promise.all(TABLES.map((t) => query(database.url, `SELECT * FROM "${t}" ORDER BY id`)));
    expect(after).toEqual(before.map((rows, i) => (rows as Record<string, unknown>[]).map((row) => ({ ...row, ...ADDED_COLUMNS[TABLES[i]] }))));
    expect(await query(database.url, 'SELECT version FROM aerich ORDER BY id')).toHaveLength(2);
    await expectV2Schema(database.url);

    const dataSource = await new DataSource(dataSourceOptions(database.url)).initialize();
    try {
      const company = await dataSource.getRepository(Company).findOneOrFail({
        where: { tc2_agency_id: 301 },
        relations: { sales_person: true, support_person: true },
      });
      expect(company).toMatchObject({
        name: 'Junior Cramming Ltd',
        price_plan: 'startup',
        estimated_income: '£150,000 - £500,000',
        signup_questionnaire: { how_did_you_hear: 'search', tutors: 12 },
        created: new Date('2024-03-01T09:30:00Z'),
        gclid_expiry_dt: new Date('2024-06-01T00:00:00Z'),
        sales_person: { username: 'sam@tutorcruncher.com', sells_eu: true },
        support_person: { username: 'toni@tutorcruncher.com', is_support_person: true, timezone: 'America/Toronto' },
      });
      expect(await dataSource.getRepository(Contact).findOneByOrFail({ pd_person_id: 701 })).toMatchObject({
        last_name: 'Van Dyke',
        company_id: company.id,
      });
      expect(await dataSource.getRepository(Deal).findOneOrFail({ where: { pd_deal_id: 801 }, relations: { stage: true } }))
        .toMatchObject({ status: 'open', stage: { name: 'PAYG - Demo booked' } });
      expect(await dataSource.getRepository(Meeting).findOneByOrFail({ id: 1 })).toMatchObject({
        status: 'COMPLETED',
        meeting_type: 'sales',
        start_time: new Date('2024-03-05T10:00:00Z'),
      });
      expect(await dataSource.getRepository(Pipeline).findOneOrFail({ where: { pd_pipeline_id: 21 }, relations: { dft_entry_stage: true } }))
        .toMatchObject({ dft_entry_stage: { pd_stage_id: 11 } });
      expect(await dataSource.getRepository(Config).findOneByOrFail({ id: 1 })).toMatchObject({
        meeting_dur_mins: 45,
        meeting_max_end: '17:30',
        payg_pipeline_id: 1,
      });
      expect(await dataSource.getRepository(CustomFieldValue).findOneOrFail({ where: { company_id: company.id }, relations: { custom_field: true } }))
        .toMatchObject({ value: 'a friend', custom_field: { machine_name: 'referer', tc2_machine_name: 'referer' } });
      // v2 made the activities of its meetings: the first syncs must not make them again.
      expect(await dataSource.getRepository(PipedriveSyncSnapshot).find()).toEqual([
        expect.objectContaining({ object_type: 'activity', object_id: 1, pd_id: null }),
      ]);
      expect(await dataSource.getRepository(Admin).count()).toBe(2);
      expect(await dataSource.getRepository(Stage).count()).toBe(2);
      expect(await dataSource.getRepository(CustomField).count()).toBe(2);

      // New rows keep numbering after v2's.
      const admin = await dataSource.getRepository(Admin).save({ username: 'new@tutorcruncher.com' });
      expect(admin.id).toBe(3);
    } finally {
      await dataSource.destroy();
    }
  });

  it('leave migration:generate nothing to write while the entities match them', async () => {
    expect(await migrationGenerate(database.url, 'nothing-new')).toContain('No changes: the entities match the migrations.');
    expect(readdirSync(join(ROOT, 'migrations')).filter((f) => f.includes('nothing-new'))).toEqual([]);
  });

  it('refuse a database that has only some of the v2 tables, naming what is missing', async () => {
    await query(database.url, 'CREATE TABLE admin (id serial primary key); CREATE TABLE company (id serial primary key)');
    await expect(migrationRun(database.url)).rejects.toMatchObject({
      stderr: expect.stringContaining('but not stage, pipeline, config, contact, deal, meeting, customfield, customfieldvalue'),
    });
  });
});
