import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What healing and showing drift needs (docs/self-healing.md): each inbound row says how it came
 * (webhook or catch-up), which company it concerns and which fields it changed; each write Hermes
 * makes to Pipedrive or TC2 is kept for the company's timeline; each company's last sync outcome;
 * and a few named values the processes share (catch-up checkpoints, webhook health, Pipedrive's
 * daily budget).
 */
export class SelfHealing1763769600700 implements MigrationInterface {
  name = 'SelfHealing1763769600700';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "webhook_log" ADD "via" character varying(16) NOT NULL DEFAULT 'webhook'`);
    await queryRunner.query(`ALTER TABLE "webhook_log" ADD "company_id" integer`);
    await queryRunner.query(`ALTER TABLE "webhook_log" ADD "fields" jsonb`);
    await queryRunner.query(`CREATE INDEX "webhook_log_company_idx" ON "webhook_log" ("company_id", "received_at") WHERE "company_id" IS NOT NULL`);
    await queryRunner.query(
      `CREATE TABLE "sync_write" (
        "id" SERIAL NOT NULL,
        "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "company_id" integer NOT NULL,
        "system" character varying(16) NOT NULL,
        "object" character varying(16) NOT NULL,
        "external_id" character varying(64),
        "action" character varying(16) NOT NULL,
        "fields" jsonb NOT NULL DEFAULT '[]',
        "outcome" character varying(16) NOT NULL,
        "error" character varying(1000),
        CONSTRAINT "sync_write_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "sync_write_company_id_fkey" FOREIGN KEY ("company_id") REFERENCES "company"("id") ON DELETE CASCADE
      )`,
    );
    await queryRunner.query(`CREATE INDEX "sync_write_company_idx" ON "sync_write" ("company_id", "at")`);
    await queryRunner.query(`CREATE INDEX "sync_write_at_idx" ON "sync_write" ("at")`);
    await queryRunner.query(
      `CREATE TABLE "company_sync" (
        "company_id" integer NOT NULL,
        "synced_at" TIMESTAMP WITH TIME ZONE,
        "failed_at" TIMESTAMP WITH TIME ZONE,
        "error" character varying(1000),
        "pd_status_sent" character varying(255),
        CONSTRAINT "company_sync_pkey" PRIMARY KEY ("company_id"),
        CONSTRAINT "company_sync_company_id_fkey" FOREIGN KEY ("company_id") REFERENCES "company"("id") ON DELETE CASCADE
      )`,
    );
    await queryRunner.query(
      `CREATE TABLE "hermes_state" (
        "key" character varying(64) NOT NULL,
        "value" jsonb NOT NULL,
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "hermes_state_pkey" PRIMARY KEY ("key")
      )`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "hermes_state"`);
    await queryRunner.query(`DROP TABLE "company_sync"`);
    await queryRunner.query(`DROP TABLE "sync_write"`);
    await queryRunner.query(`DROP INDEX "webhook_log_company_idx"`);
    await queryRunner.query(`ALTER TABLE "webhook_log" DROP COLUMN "fields"`);
    await queryRunner.query(`ALTER TABLE "webhook_log" DROP COLUMN "company_id"`);
    await queryRunner.query(`ALTER TABLE "webhook_log" DROP COLUMN "via"`);
  }
}
