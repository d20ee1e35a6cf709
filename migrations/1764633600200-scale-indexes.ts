import { MigrationInterface, QueryRunner } from 'typeorm';

/** Plain b-tree indexes: a company's contacts, deals and custom field values, a contact's meetings, a deal's. */
const INDEXES: [name: string, table: string, column: string, partial: boolean][] = [
  ['contact_company_id_idx', 'contact', 'company_id', false],
  ['deal_company_id_idx', 'deal', 'company_id', false],
  ['deal_contact_id_idx', 'deal', 'contact_id', true],
  ['meeting_contact_id_idx', 'meeting', 'contact_id', false],
  ['meeting_deal_id_idx', 'meeting', 'deal_id', true],
  ['customfieldvalue_company_id_idx', 'customfieldvalue', 'company_id', true],
  ['customfieldvalue_contact_id_idx', 'customfieldvalue', 'contact_id', true],
  ['customfieldvalue_deal_id_idx', 'customfieldvalue', 'deal_id', true],
  ['customfieldvalue_meeting_id_idx', 'customfieldvalue', 'meeting_id', true],
];

/** Trigram indexes for the SPA's company search (`ILIKE '%q%'`), made only where pg_trgm is available. */
const TRIGRAM_INDEXES: [name: string, table: string, column: string][] = [
  ['company_name_trgm_idx', 'company', 'name'],
  ['company_website_trgm_idx', 'company', 'website'],
];

/**
 * Indexes for an account of 100,000 companies (docs/architecture.md, "Indexes"). v2's tables had
 * none on their foreign keys: a company's page, its sync and each TC2 webhook scanned whole
 * tables. No column changes. pg_trgm is created if the server has it; without it (or without the
 * right to create it) the migration still applies, and the company search scans the table.
 */
export class ScaleIndexes1764633600200 implements MigrationInterface {
  name = 'ScaleIndexes1764633600200';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const [name, table, column, partial] of INDEXES) {
      await queryRunner.query(`CREATE INDEX "${name}" ON "${table}" ("${column}")${partial ? ` WHERE "${column}" IS NOT NULL` : ''}`);
    }
    await queryRunner.query(`
      DO $$
      BEGIN
        CREATE EXTENSION IF NOT EXISTS pg_trgm;
      EXCEPTION WHEN OTHERS THEN
        RAISE NOTICE 'pg_trgm is not available (%): the company search will scan the table', SQLERRM;
      END $$`);
    const [{ trigrams }] = await queryRunner.query(`SELECT count(*) > 0 AS trigrams FROM pg_opclass WHERE opcname = 'gin_trgm_ops'`);
    if (!trigrams) return;
    for (const [name, table, column] of TRIGRAM_INDEXES) {
      await queryRunner.query(`CREATE INDEX "${name}" ON "${table}" USING gin ("${column}" gin_trgm_ops)`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const [name] of [...TRIGRAM_INDEXES, ...INDEXES]) await queryRunner.query(`DROP INDEX IF EXISTS "${name}"`);
  }
}
