import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per TC2 client, the last event that changed nothing and what its upsert read, as digests: a resend
 * that still matches both is answered in one statement (docs/architecture.md, "Unchanged resends").
 */
export class Tc2UnchangedResend1764806400100 implements MigrationInterface {
  name = 'Tc2UnchangedResend1764806400100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "tc2_unchanged_resend" (
        "tc2_cligency_id" integer NOT NULL,
        "company_id" integer NOT NULL,
        "input_digest" character varying(64) NOT NULL,
        "state_digest" character varying(32) NOT NULL,
        "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "tc2_unchanged_resend_pkey" PRIMARY KEY ("tc2_cligency_id"),
        CONSTRAINT "tc2_unchanged_resend_company_id_fkey" FOREIGN KEY ("company_id") REFERENCES "company"("id") ON DELETE CASCADE
      )`,
    );
    await queryRunner.query(`CREATE INDEX "tc2_unchanged_resend_company_id_idx" ON "tc2_unchanged_resend" ("company_id")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "tc2_unchanged_resend"`);
  }
}
