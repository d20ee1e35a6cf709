import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The send times of recent Pipedrive requests, shared by every Hermes process (the rate limiter in
 * apps/api/src/pipedrive). UNLOGGED: rows live for two seconds, so skipping the WAL costs nothing
 * worth keeping — after a crash the table is simply empty.
 */
export class PipedriveRateLimit1763769600100 implements MigrationInterface {
  name = 'PipedriveRateLimit1763769600100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE UNLOGGED TABLE "pipedrive_rate_limit" ("bucket" varchar(16) NOT NULL, "sent_at" timestamptz NOT NULL)`,
    );
    await queryRunner.query(`CREATE INDEX "pipedrive_rate_limit_bucket_sent_at" ON "pipedrive_rate_limit" ("bucket", "sent_at" DESC)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "pipedrive_rate_limit"`);
  }
}
