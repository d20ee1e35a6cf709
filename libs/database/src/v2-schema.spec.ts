import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { createTestDatabase, TestDatabase } from '@hermes/testing';

const ROOT = join(__dirname, '../../..');
const V2_DATABASE_SQL = readFileSync(join(__dirname, '__fixtures__/v2-database.sql'), 'utf8');

/**
 * v2's schema as its models (app/models.py, Tortoise ORM) declare it, written out by hand: `type
 * nullability [default]`. Tortoise on Postgres makes IntField `integer`, CharField(n) `varchar(n)`,
 * BooleanField `boolean`, DatetimeField `timestamptz` (auto_now_add: default CURRENT_TIMESTAMP),
 * JSONField `jsonb`, a ForeignKeyField `x` the column `x_id`, and the ids serial. `hermesmodel` is
 * the table of v2's base model class, `aerich` its migration tool's.
 */
const ID = 'integer not null default serial';
const NOW = 'timestamptz not null default CURRENT_TIMESTAMP';
const flag = 'boolean not null default false';
const V2_MODELS: Record<string, Record<string, string>> = {
  admin: {
    id: ID,
    username: 'varchar(255) not null',
    password: 'varchar(255) null',
    tc2_admin_id: 'integer null',
    pd_owner_id: 'integer null',
    first_name: "varchar(255) not null default ''",
    last_name: "varchar(255) not null default ''",
    timezone: "varchar(255) not null default 'Europe/London'",
    is_sales_person: flag,
    is_support_person: flag,
    is_bdr_person: flag,
    sells_payg: flag,
    sells_startup: flag,
    sells_enterprise: flag,
    sells_us: flag,
    sells_gb: flag,
    sells_au: flag,
    sells_ca: flag,
    sells_eu: flag,
    sells_row: flag,
  },
  config: {
    id: ID,
    meeting_dur_mins: 'integer not null default 30',
    meeting_buffer_mins: 'integer not null default 15',
    meeting_min_start: "varchar(5) not null default '10:00'",
    meeting_max_end: "varchar(5) not null default '17:30'",
    payg_pipeline_id: 'integer null',
    startup_pipeline_id: 'integer null',
    enterprise_pipeline_id: 'integer null',
  },
  stage: { id: ID, pd_stage_id: 'integer not null', name: 'varchar(255) not null' },
  pipeline: { id: ID, pd_pipeline_id: 'integer not null', name: 'varchar(255) not null', dft_entry_stage_id: 'integer null' },
  company: {
    id: ID,
    name: 'varchar(255) not null',
    tc2_agency_id: 'integer null',
    tc2_cligency_id: 'integer null',
    tc2_status: "varchar(25) null default 'pending_email_conf'",
    pd_org_id: 'integer null',
    created: NOW,
    price_plan: "varchar(255) not null default 'payg'",
    country: 'varchar(255) null',
    website: 'varchar(255) null',
    paid_invoice_count: 'integer not null default 0',
    estimated_income: 'varchar(255) null',
    currency: 'varchar(255) null',
    has_booked_call: flag,
    has_signed_up: flag,
    utm_campaign: 'varchar(255) null',
    utm_source: 'varchar(255) null',
    narc: flag,
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
  },
  contact: {
    id: ID,
    tc2_sr_id: 'integer null',
    pd_person_id: 'integer null',
    created: NOW,
    first_name: 'varchar(255) null',
    last_name: 'varchar(255) null',
    email: 'varchar(255) null',
    phone: 'varchar(255) null',
    country: 'varchar(255) null',
    company_id: 'integer not null',
  },
  deal: {
    id: ID,
    pd_deal_id: 'integer null',
    name: 'varchar(255) null',
    status: "varchar(255) not null default 'open'",
    admin_id: 'integer not null',
    pipeline_id: 'integer not null',
    stage_id: 'integer not null',
    company_id: 'integer not null',
    contact_id: 'integer null',
  },
  meeting: {
    id: ID,
    created: NOW,
    start_time: 'timestamptz null',
    end_time: 'timestamptz null',
    status: "varchar(255) not null default 'PLANNED'",
    meeting_type: 'varchar(255) not null',
    admin_id: 'integer not null',
    contact_id: 'integer not null',
    deal_id: 'integer null',
  },
  customfield: {
    id: ID,
    name: 'varchar(255) not null',
    machine_name: 'varchar(255) null',
    field_type: 'varchar(255) not null',
    hermes_field_name: 'varchar(255) null',
    tc2_machine_name: 'varchar(255) null',
    pd_field_id: 'varchar(255) null',
    linked_object_type: 'varchar(255) not null',
  },
  customfieldvalue: {
    id: ID,
    custom_field_id: 'integer not null',
    company_id: 'integer null',
    contact_id: 'integer null',
    deal_id: 'integer null',
    meeting_id: 'integer null',
    value: 'varchar(10000) null',
  },
  hermesmodel: { id: ID },
  aerich: { id: ID, version: 'varchar(255) not null', app: 'varchar(100) not null', content: 'jsonb not null' },
};

/** unique=True fields and unique_together in v2's models. */
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

/** v2's ForeignKeyFields: Tortoise cascades deletes unless told otherwise (a meeting's deal). */
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
];

const V2_TABLES = Object.keys(V2_MODELS);
/** v2's bookkeeping: Hermes neither needs nor makes these tables, but leaves v2's alone. */
const V2_ONLY = ['hermesmodel', 'aerich'];

async function query<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Every column of v2's tables, described as V2_MODELS describes them. */
async function columns(url: string): Promise<Record<string, Record<string, string>>> {
  const rows = await query<{ table_name: string; column_name: string; data_type: string; length: number | null; is_nullable: string; column_default: string | null }>(
    url,
    `SELECT table_name, column_name, data_type, character_maximum_length AS length, is_nullable, column_default
       FROM information_schema.columns WHERE table_schema = 'public' AND table_name = ANY($1) ORDER BY table_name, ordinal_position`,
    [V2_TABLES],
  );
  const result: Record<string, Record<string, string>> = {};
  for (const row of rows) {
    const type = row.data_type === 'character varying' ? `varchar(${row.length})` : row.data_type === 'timestamp with time zone' ? 'timestamptz' : row.data_type;
    let column = `${type} ${row.is_nullable === 'YES' ? 'null' : 'not null'}`;
    if (row.column_default !== null) column += ` default ${row.column_default.startsWith('nextval(') ? 'serial' : row.column_default.replace(/::[\w ]+$/, '')}`;
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
    [V2_TABLES],
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
    [V2_TABLES],
  );
  return rows.map((r) => r.entry).sort();
}

/**
 * Hermes writes the `created` columns' default `now()` (how TypeORM compares it) where v2 wrote
 * CURRENT_TIMESTAMP: in Postgres the same function, the transaction's start time.
 */
const sameDefault = (column: string) => column.replace(/default now\(\)$/, 'default CURRENT_TIMESTAMP');

async function migrationRun(url: string): Promise<void> {
  await promisify(execFile)('npm', ['run', '--silent', 'migration:run'], { cwd: ROOT, env: { ...process.env, DATABASE_URL: url } });
}

/**
 * Hermes takes over v2's database in place, and v2 must be able to run on it again (the rollback):
 * every table and column of v2 as v2 made it, with only additions v2 never has to know about.
 */
describe("v2's schema under Hermes", () => {
  let database: TestDatabase;

  beforeEach(async () => {
    database = await createTestDatabase({ empty: true });
  });

  afterEach(async () => {
    await database.drop();
  });

  it("is what v2's models declare, in the database v2 built (the fixture the takeover tests use)", async () => {
    await query(database.url, V2_DATABASE_SQL);

    expect(await columns(database.url)).toEqual(V2_MODELS);
    expect(await uniques(database.url)).toEqual(V2_UNIQUES);
    expect(await foreignKeys(database.url)).toEqual(V2_FOREIGN_KEYS);
  });

  it("keeps every v2 table and column after Hermes' migrations, and adds only what v2's writes need not name", async () => {
    await query(database.url, V2_DATABASE_SQL);
    const before = await columns(database.url);

    await migrationRun(database.url);

    const after = await columns(database.url);
    for (const table of V2_TABLES) {
      const kept = Object.fromEntries(Object.keys(V2_MODELS[table]).map((name) => [name, after[table]?.[name] && sameDefault(after[table][name])]));
      expect([table, kept]).toEqual([table, before[table]]);
      const added = Object.entries(after[table]).filter(([name]) => !(name in V2_MODELS[table]));
      // v2 inserts without naming them: each must take null or have a default.
      expect([table, added.filter(([, column]) => column.includes(' not null') && !column.includes(' default '))]).toEqual([table, []]);
    }
    expect(await uniques(database.url)).toEqual(expect.arrayContaining(V2_UNIQUES));
    expect(await foreignKeys(database.url)).toEqual(expect.arrayContaining(V2_FOREIGN_KEYS));

    // v2 writing again, as Tortoise writes: only the columns it knows.
    await query(
      database.url,
      `INSERT INTO "company" ("name", "price_plan", "paid_invoice_count", "has_booked_call", "has_signed_up", "narc", "sales_person_id")
       VALUES ('Back On v2 Ltd', 'payg', 0, false, false, false, 1)`,
    );
    await query(database.url, `INSERT INTO "stage" ("id", "pd_stage_id", "name") VALUES (3, 99, 'Made by v2')`);
    await query(database.url, `INSERT INTO "aerich" ("version", "app", "content") VALUES ('10_next.py', 'models', '{}')`);
  });

  it("is what v2's models declare in a database Hermes built from nothing, apart from v2's bookkeeping", async () => {
    await migrationRun(database.url);

    const built = await columns(database.url);
    for (const table of V2_TABLES.filter((t) => !V2_ONLY.includes(t))) {
      const kept = Object.fromEntries(Object.keys(V2_MODELS[table]).map((name) => [name, built[table]?.[name] && sameDefault(built[table][name])]));
      expect([table, kept]).toEqual([table, V2_MODELS[table]]);
    }
    expect(Object.keys(built).filter((t) => V2_ONLY.includes(t))).toEqual([]);
    expect(await uniques(database.url)).toEqual(expect.arrayContaining(V2_UNIQUES));
    expect(await foreignKeys(database.url)).toEqual(expect.arrayContaining(V2_FOREIGN_KEYS));
  });
});
