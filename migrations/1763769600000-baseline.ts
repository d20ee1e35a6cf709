import { MigrationInterface, QueryRunner } from 'typeorm';

const V2_TABLES = [
  'admin',
  'stage',
  'pipeline',
  'config',
  'company',
  'contact',
  'deal',
  'meeting',
  'customfield',
  'customfieldvalue',
];

/**
 * The schema of Hermes v2, so Hermes can take over its live database in place.
 * On a v2 database (all its tables present) this does nothing; on an empty one it creates
 * the same tables, with the constraint and index names Postgres and Tortoise gave them there.
 */
export class Baseline1763769600000 implements MigrationInterface {
  name = 'Baseline1763769600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const present: { table_name: string }[] = await queryRunner.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ANY($1)`,
      [V2_TABLES],
    );
    if (present.length === V2_TABLES.length) return;
    if (present.length > 0) {
      const missing = V2_TABLES.filter((t) => !present.some((p) => p.table_name === t));
      throw new Error(
        `This database has some of Hermes v2's tables but not ${missing.join(', ')}: refusing to guess. ` +
          'Point DATABASE_URL at a complete v2 database or an empty one.',
      );
    }

    await queryRunner.query(`
      CREATE TABLE "admin" (
        "id" SERIAL NOT NULL PRIMARY KEY,
        "username" VARCHAR(255) NOT NULL,
        "password" VARCHAR(255),
        "tc2_admin_id" INT UNIQUE,
        "pd_owner_id" INT,
        "first_name" VARCHAR(255) NOT NULL DEFAULT '',
        "last_name" VARCHAR(255) NOT NULL DEFAULT '',
        "timezone" VARCHAR(255) NOT NULL DEFAULT 'Europe/London',
        "is_sales_person" BOOL NOT NULL DEFAULT false,
        "is_support_person" BOOL NOT NULL DEFAULT false,
        "is_bdr_person" BOOL NOT NULL DEFAULT false,
        "sells_payg" BOOL NOT NULL DEFAULT false,
        "sells_startup" BOOL NOT NULL DEFAULT false,
        "sells_enterprise" BOOL NOT NULL DEFAULT false,
        "sells_us" BOOL NOT NULL DEFAULT false,
        "sells_gb" BOOL NOT NULL DEFAULT false,
        "sells_au" BOOL NOT NULL DEFAULT false,
        "sells_ca" BOOL NOT NULL DEFAULT false,
        "sells_eu" BOOL NOT NULL DEFAULT false,
        "sells_row" BOOL NOT NULL DEFAULT false
      );
      COMMENT ON COLUMN "admin"."username" IS 'Use their ACTUAL email address, not META';

      CREATE TABLE "stage" (
        "id" SERIAL NOT NULL PRIMARY KEY,
        "pd_stage_id" INT NOT NULL UNIQUE,
        "name" VARCHAR(255) NOT NULL
      );

      CREATE TABLE "pipeline" (
        "id" SERIAL NOT NULL PRIMARY KEY,
        "pd_pipeline_id" INT NOT NULL UNIQUE,
        "name" VARCHAR(255) NOT NULL,
        "dft_entry_stage_id" INT REFERENCES "stage" ("id") ON DELETE CASCADE
      );

      CREATE TABLE "config" (
        "id" SERIAL NOT NULL PRIMARY KEY,
        "meeting_dur_mins" INT NOT NULL DEFAULT 30,
        "meeting_buffer_mins" INT NOT NULL DEFAULT 15,
        "meeting_min_start" VARCHAR(5) NOT NULL DEFAULT '10:00',
        "meeting_max_end" VARCHAR(5) NOT NULL DEFAULT '17:30',
        "payg_pipeline_id" INT REFERENCES "pipeline" ("id") ON DELETE CASCADE,
        "startup_pipeline_id" INT REFERENCES "pipeline" ("id") ON DELETE CASCADE,
        "enterprise_pipeline_id" INT REFERENCES "pipeline" ("id") ON DELETE CASCADE
      );
      COMMENT ON TABLE "config" IS 'The model that stores the configuration for the app.';
      COMMENT ON COLUMN "config"."meeting_dur_mins" IS 'The length of a newly created meeting';
      COMMENT ON COLUMN "config"."meeting_buffer_mins" IS 'The buffer time before and after a meeting';
      COMMENT ON COLUMN "config"."meeting_min_start" IS 'The earliest time a meeting can be booked for an admin in their timezone.';
      COMMENT ON COLUMN "config"."meeting_max_end" IS 'The earliest time a meeting can be booked for an admin in their timezone.';
      COMMENT ON COLUMN "config"."payg_pipeline_id" IS 'The pipeline that PAYG clients will be added to';
      COMMENT ON COLUMN "config"."startup_pipeline_id" IS 'The pipeline that Startup clients will be added to';
      COMMENT ON COLUMN "config"."enterprise_pipeline_id" IS 'The pipeline that Enterprise clients will be added to';

      CREATE TABLE "company" (
        "id" SERIAL NOT NULL PRIMARY KEY,
        "name" VARCHAR(255) NOT NULL,
        "tc2_agency_id" INT UNIQUE,
        "tc2_cligency_id" INT UNIQUE,
        "tc2_status" VARCHAR(25) DEFAULT 'pending_email_conf',
        "pd_org_id" INT UNIQUE,
        "created" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
        "price_plan" VARCHAR(255) NOT NULL DEFAULT 'payg',
        "country" VARCHAR(255),
        "website" VARCHAR(255),
        "paid_invoice_count" INT NOT NULL DEFAULT 0,
        "estimated_income" VARCHAR(255),
        "currency" VARCHAR(255),
        "has_booked_call" BOOL NOT NULL DEFAULT false,
        "has_signed_up" BOOL NOT NULL DEFAULT false,
        "utm_campaign" VARCHAR(255),
        "utm_source" VARCHAR(255),
        "narc" BOOL NOT NULL DEFAULT false,
        "signup_questionnaire" JSONB,
        "pay0_dt" TIMESTAMPTZ,
        "pay1_dt" TIMESTAMPTZ,
        "pay3_dt" TIMESTAMPTZ,
        "gclid" VARCHAR(255),
        "gclid_expiry_dt" TIMESTAMPTZ,
        "email_confirmed_dt" TIMESTAMPTZ,
        "card_saved_dt" TIMESTAMPTZ,
        "sales_person_id" INT NOT NULL REFERENCES "admin" ("id") ON DELETE CASCADE,
        "support_person_id" INT REFERENCES "admin" ("id") ON DELETE CASCADE,
        "bdr_person_id" INT REFERENCES "admin" ("id") ON DELETE CASCADE
      );
      COMMENT ON TABLE "company" IS 'Represents a company.';
      COMMENT ON COLUMN "company"."country" IS 'Country code, e.g. GB';

      CREATE TABLE "contact" (
        "id" SERIAL NOT NULL PRIMARY KEY,
        "tc2_sr_id" INT UNIQUE,
        "pd_person_id" INT UNIQUE,
        "created" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
        "first_name" VARCHAR(255),
        "last_name" VARCHAR(255),
        "email" VARCHAR(255),
        "phone" VARCHAR(255),
        "country" VARCHAR(255),
        "company_id" INT NOT NULL REFERENCES "company" ("id") ON DELETE CASCADE
      );
      COMMENT ON TABLE "contact" IS 'Represents a contact, an individual who works at a company.';

      CREATE TABLE "deal" (
        "id" SERIAL NOT NULL PRIMARY KEY,
        "pd_deal_id" INT UNIQUE,
        "name" VARCHAR(255),
        "status" VARCHAR(255) NOT NULL DEFAULT 'open',
        "admin_id" INT NOT NULL REFERENCES "admin" ("id") ON DELETE CASCADE,
        "company_id" INT NOT NULL REFERENCES "company" ("id") ON DELETE CASCADE,
        "contact_id" INT REFERENCES "contact" ("id") ON DELETE CASCADE,
        "pipeline_id" INT NOT NULL REFERENCES "pipeline" ("id") ON DELETE CASCADE,
        "stage_id" INT NOT NULL REFERENCES "stage" ("id") ON DELETE CASCADE
      );

      CREATE TABLE "meeting" (
        "id" SERIAL NOT NULL PRIMARY KEY,
        "created" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
        "start_time" TIMESTAMPTZ,
        "end_time" TIMESTAMPTZ,
        "status" VARCHAR(255) NOT NULL DEFAULT 'PLANNED',
        "meeting_type" VARCHAR(255) NOT NULL,
        "admin_id" INT NOT NULL REFERENCES "admin" ("id") ON DELETE CASCADE,
        "contact_id" INT NOT NULL REFERENCES "contact" ("id") ON DELETE CASCADE,
        "deal_id" INT REFERENCES "deal" ("id") ON DELETE SET NULL
      );

      CREATE TABLE "customfield" (
        "id" SERIAL NOT NULL PRIMARY KEY,
        "name" VARCHAR(255) NOT NULL,
        "machine_name" VARCHAR(255),
        "field_type" VARCHAR(255) NOT NULL,
        "hermes_field_name" VARCHAR(255),
        "tc2_machine_name" VARCHAR(255),
        "pd_field_id" VARCHAR(255),
        "linked_object_type" VARCHAR(255) NOT NULL,
        CONSTRAINT "uid_customfield_machine_3ef6e9" UNIQUE ("machine_name", "linked_object_type")
      );
      COMMENT ON TABLE "customfield" IS 'Used to store the custom fields that we have in Pipedrive/TC. When the app is started, we run';
      COMMENT ON COLUMN "customfield"."field_type" IS 'The type of field.';
      COMMENT ON COLUMN "customfield"."hermes_field_name" IS 'If this is connected to data from the Hermes model, this is the field name. Eg: \`website\`';
      COMMENT ON COLUMN "customfield"."tc2_machine_name" IS 'The machine name of the Custom Field in TC2, if not in the normal data.';
      COMMENT ON COLUMN "customfield"."pd_field_id" IS 'The ID of the Custom Field in Pipedrive';
      COMMENT ON COLUMN "customfield"."linked_object_type" IS 'The name of the model this is linked to, ("Company", "Contact", "Deal", "Meeting")';

      CREATE TABLE "customfieldvalue" (
        "id" SERIAL NOT NULL PRIMARY KEY,
        "value" VARCHAR(10000),
        "company_id" INT REFERENCES "company" ("id") ON DELETE CASCADE,
        "contact_id" INT REFERENCES "contact" ("id") ON DELETE CASCADE,
        "custom_field_id" INT NOT NULL REFERENCES "customfield" ("id") ON DELETE CASCADE,
        "deal_id" INT REFERENCES "deal" ("id") ON DELETE CASCADE,
        "meeting_id" INT REFERENCES "meeting" ("id") ON DELETE CASCADE
      );
      CREATE UNIQUE INDEX "uid_customfield_custom__eddbbb" ON "customfieldvalue" ("custom_field_id", "company_id");
      CREATE UNIQUE INDEX "uid_customfield_custom__4e670b" ON "customfieldvalue" ("custom_field_id", "contact_id");
      CREATE UNIQUE INDEX "uid_customfield_custom__c313d2" ON "customfieldvalue" ("custom_field_id", "deal_id");
      CREATE UNIQUE INDEX "uid_customfield_custom__b2ecbe" ON "customfieldvalue" ("custom_field_id", "meeting_id");
      CREATE INDEX "idx_customfield_custom__eddbbb" ON "customfieldvalue" ("custom_field_id", "company_id");
      CREATE INDEX "idx_customfield_custom__4e670b" ON "customfieldvalue" ("custom_field_id", "contact_id");
      CREATE INDEX "idx_customfield_custom__c313d2" ON "customfieldvalue" ("custom_field_id", "deal_id");
      CREATE INDEX "idx_customfield_custom__b2ecbe" ON "customfieldvalue" ("custom_field_id", "meeting_id");
    `);
  }

  /** Deliberately empty: dropping the baseline would destroy v2's data on a live database. */
  async down(): Promise<void> {
    return;
  }
}
