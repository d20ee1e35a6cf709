import { Between, DataSource } from 'typeorm';
import { Company, CustomField } from '@hermes/database';
import { linkedPayloads, loadCompanyRecords } from '../../apps/api/src/pipedrive/company-payloads';

/** What the scale data set is made of, per company. */
export const CONTACTS_PER_COMPANY = 3;
export const WEBHOOK_LOG_PER_COMPANY = 10;
/** Pipedrive ids of the seeded objects start here, far above any the simulator hands out in a run. */
const PD_ID_BASE = 50_000_000;
const SNAPSHOT_BATCH = 1_000;
const TC2_ID_BASE = 60_000_000;
const WORDS = [
  'Acorn', 'Birch', 'Cedar', 'Daisy', 'Elm', 'Fern', 'Grove', 'Hazel', 'Ivy', 'Juniper', 'Kestrel', 'Larch', 'Maple', 'Nettle', 'Oak', 'Poplar',
  'Quince', 'Rowan', 'Sorrel', 'Thistle', 'Umber', 'Violet', 'Willow', 'Yarrow', 'Alder', 'Bramble', 'Clover', 'Heather', 'Linden', 'Myrtle',
  'Orchid', 'Primrose', 'Saffron', 'Tansy', 'Aspen', 'Bluebell', 'Cypress', 'Foxglove', 'Hawthorn', 'Laurel',
];
const FIRST_NAMES = ['Jane', 'John', 'Priya', 'Ahmed', 'Maria', 'Chen', 'Olu', 'Sofia', 'Liam', 'Aisha', 'Tom', 'Eva', 'Kofi', 'Yuki', 'Ravi', 'Nina'];
const LAST_NAMES = ['Smith', 'Jones', 'Patel', 'Khan', 'Garcia', 'Wang', 'Okafor', 'Rossi', 'Murphy', 'Ali', 'Brown', 'Novak', 'Mensah', 'Sato', 'Shah', 'Berg'];

export interface ScaleSeedIds {
  salesId: number;
  pipelineId: number;
  stageId: number;
}

const sqlArray = (values: string[]) => `ARRAY[${values.map((v) => `'${v}'`).join(',')}]`;

/**
 * `companies` companies, each with CONTACTS_PER_COMPANY contacts, an open deal, a value of the
 * `referer` custom field (a customfieldvalue row), a company_sync row, the three creates of its
 * first sync in sync_write, and WEBHOOK_LOG_PER_COMPANY webhook log rows over the last 90 days; one
 * company in ten has had a meeting. Everything linked to Pipedrive ids of its own. Set-based SQL
 * only: the companies get the ids after those already there.
 */
export async function seedScale(dataSource: DataSource, ids: ScaleSeedIds, companies: number): Promise<{ firstId: number; lastId: number }> {
  const [{ first }] = await dataSource.query(`SELECT coalesce(max(id), 0) + 1 AS first FROM company`);
  const firstId = Number(first);
  const lastId = firstId + companies - 1;
  const words = sqlArray(WORDS);
  await dataSource.query(
    `INSERT INTO company (id, name, website, tc2_agency_id, tc2_cligency_id, tc2_status, pd_org_id, created, price_plan, country,
                          paid_invoice_count, sales_person_id, narc, has_booked_call, has_signed_up, utm_source)
     SELECT id, w1 || ' ' || w2 || ' Tutors ' || n, 'https://' || lower(w1) || lower(w2) || n || '.example',
            ${TC2_ID_BASE} + n, ${TC2_ID_BASE} + n, (ARRAY['live','trial','pending_email_conf','dormant'])[1 + n % 4], ${PD_ID_BASE} + n,
            now() - (n % 1000) * interval '1 day', (ARRAY['payg','startup','enterprise'])[1 + n % 3], (ARRAY['GB','US','AU','CA','FR'])[1 + n % 5],
            n % 7, $3, false, n % 2 = 0, true, CASE WHEN n % 5 = 0 THEN 'google' END
     FROM (SELECT id, id - $1 + 1 AS n, w[1 + id % ${WORDS.length}] AS w1, w[1 + (id / ${WORDS.length}) % ${WORDS.length}] AS w2
           FROM generate_series($1::int, $2::int) AS id, (SELECT ${words} AS w) AS words) AS c`,
    [firstId, lastId, ids.salesId],
  );
  await dataSource.query(`SELECT setval(pg_get_serial_sequence('company', 'id'), $1)`, [lastId]);

  const [{ contactBase }] = await dataSource.query(`SELECT coalesce(max(id), 0) AS "contactBase" FROM contact`);
  await dataSource.query(
    `INSERT INTO contact (id, company_id, first_name, last_name, email, phone, country, pd_person_id, tc2_sr_id)
     SELECT $3 + (c - $1) * ${CONTACTS_PER_COMPANY} + k, c, f[1 + (c + k) % ${FIRST_NAMES.length}], l[1 + (c * 3 + k) % ${LAST_NAMES.length}],
            lower(f[1 + (c + k) % ${FIRST_NAMES.length}]) || '.' || c || '.' || k || '@school' || c || '.example',
            '+44 7700 ' || lpad(((c * ${CONTACTS_PER_COMPANY} + k) % 1000000)::text, 6, '0'), 'GB',
            ${PD_ID_BASE} + (c - $1) * ${CONTACTS_PER_COMPANY} + k, ${TC2_ID_BASE} + (c - $1) * ${CONTACTS_PER_COMPANY} + k
     FROM generate_series($1::int, $2::int) AS c, generate_series(1, ${CONTACTS_PER_COMPANY}) AS k,
          (SELECT ${sqlArray(FIRST_NAMES)} AS f, ${sqlArray(LAST_NAMES)} AS l) AS names`,
    [firstId, lastId, Number(contactBase)],
  );
  await dataSource.query(`SELECT setval(pg_get_serial_sequence('contact', 'id'), (SELECT max(id) FROM contact))`);

  // Each deal's person is the company's first contact.
  await dataSource.query(
    `INSERT INTO deal (company_id, contact_id, name, status, admin_id, pipeline_id, stage_id, pd_deal_id)
     SELECT c.id, $5 + (c.id - $1) * ${CONTACTS_PER_COMPANY} + 1, c.name, 'open', $2, $3, $4, ${PD_ID_BASE} + c.id - $1 + 1
     FROM company c WHERE c.id BETWEEN $1 AND $6`,
    [firstId, ids.salesId, ids.pipelineId, ids.stageId, Number(contactBase), lastId],
  );

  await dataSource.query(
    `INSERT INTO customfieldvalue (custom_field_id, company_id, value)
     SELECT f.id, c, (ARRAY['a friend','search','a conference','an advert'])[1 + c % 4]
     FROM generate_series($1::int, $2::int) AS c, (SELECT id FROM customfield WHERE machine_name = 'referer' AND linked_object_type = 'Company') AS f`,
    [firstId, lastId],
  );

  // One company in ten booked a call: a meeting with its first contact, its activity already made.
  await dataSource.query(
    `INSERT INTO meeting (contact_id, deal_id, admin_id, meeting_type, status, start_time, end_time)
     SELECT d.contact_id, d.id, d.admin_id, 'sales', 'COMPLETED', now() - interval '30 days', now() - interval '30 days' + interval '30 minutes'
     FROM deal d WHERE d.company_id BETWEEN $1 AND $2 AND d.company_id % 10 = 0`,
    [firstId, lastId],
  );
  await dataSource.query(
    `INSERT INTO pipedrive_sync_snapshot (object_type, object_id, pd_id, payload)
     SELECT 'activity', m.id, ${PD_ID_BASE} + m.id, '{}'::jsonb FROM meeting m JOIN contact c ON c.id = m.contact_id WHERE c.company_id BETWEEN $1 AND $2`,
    [firstId, lastId],
  );

  await dataSource.query(
    `INSERT INTO company_sync (company_id, synced_at) SELECT c, now() - interval '1 hour' FROM generate_series($1::int, $2::int) AS c`,
    [firstId, lastId],
  );
  await dataSource.query(
    `INSERT INTO sync_write (company_id, at, system, object, external_id, action, fields, outcome)
     SELECT c, now() - ((c - $1) % 1000) * interval '1 day', 'pipedrive', o, (${PD_ID_BASE} + c - $1 + 1)::text, 'create', '["name"]'::jsonb, 'ok'
     FROM generate_series($1::int, $2::int) AS c, unnest(ARRAY['organization','person','deal']) AS o`,
    [firstId, lastId],
  );
  await dataSource.query(
    `INSERT INTO webhook_log (received_at, source, entity, action, external_id, hermes_id, outcome, via, company_id, fields)
     SELECT now() - (i % 90) * interval '1 day' - (i % 86400) * interval '1 second',
            CASE WHEN i % 2 = 0 THEN 'tc2' ELSE 'pipedrive' END, CASE WHEN i % 2 = 0 THEN 'Client' ELSE 'organization' END,
            CASE WHEN i % 2 = 0 THEN 'UPDATE' ELSE 'change' END, (${TC2_ID_BASE} + c - $1::int + 1)::text, c,
            (ARRAY['applied','ignored','applied','applied'])[1 + i % 4], 'webhook', c, '["name"]'::jsonb
     FROM generate_series(0, $3::int - 1) AS i, LATERAL (SELECT ($1::int + (i::bigint * 7919) % ($2::int - $1::int + 1))::int AS c) AS pick`,
    [firstId, lastId, companies * WEBHOOK_LOG_PER_COMPANY],
  );
  return { firstId, lastId };
}

/**
 * What Hermes last sent each seeded organization, person and deal: the payloads its sync would send
 * now (company-payloads.ts), as after a sync; read and written SNAPSHOT_BATCH companies at a time.
 */
export async function seedSnapshots(dataSource: DataSource, tc2BaseUrl: string, firstId: number, lastId: number): Promise<void> {
  const context = { customFields: await dataSource.manager.find(CustomField), tc2BaseUrl };
  for (let from = firstId; from <= lastId; from += SNAPSHOT_BATCH) {
    const loaded = await dataSource.getRepository(Company).findBy({ id: Between(from, Math.min(lastId, from + SNAPSHOT_BATCH - 1)) });
    const payloads = [...(await loadCompanyRecords(dataSource.manager, loaded)).values()].flatMap((records) => linkedPayloads(records, context));
    await dataSource.query(
      `INSERT INTO pipedrive_sync_snapshot (object_type, object_id, pd_id, payload)
       SELECT * FROM unnest($1::varchar[], $2::int[], $3::int[], $4::jsonb[])
       ON CONFLICT DO NOTHING`,
      [payloads.map((p) => p.type), payloads.map((p) => p.hermesId), payloads.map((p) => p.pdId), payloads.map((p) => JSON.stringify(p.payload))],
    );
  }
}
