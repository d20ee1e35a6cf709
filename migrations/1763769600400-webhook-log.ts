import { MigrationInterface, QueryRunner } from 'typeorm';

/** Inbound webhook events and their outcome, shown in the SPA. */
export class WebhookLog1763769600400 implements MigrationInterface {
  name = 'WebhookLog1763769600400';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "webhook_log" (
        "id" SERIAL NOT NULL,
        "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "source" character varying(16) NOT NULL,
        "entity" character varying(32) NOT NULL,
        "action" character varying(32) NOT NULL,
        "external_id" character varying(64),
        "hermes_id" integer,
        "outcome" character varying(16) NOT NULL,
        "reason" character varying(1000),
        CONSTRAINT "webhook_log_pkey" PRIMARY KEY ("id")
      )`,
    );
    await queryRunner.query(`CREATE INDEX "webhook_log_received_at_idx" ON "webhook_log" ("received_at")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "webhook_log"`);
  }
}
