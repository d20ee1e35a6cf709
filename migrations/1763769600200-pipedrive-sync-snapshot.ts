import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What Hermes last sent to Pipedrive per object (change detection). Meetings already
 * in the database (a v2 database's) had their activities created by v2: they are recorded as
 * sent, with the activity id unknown, so the first syncs do not create them a second time.
 */
export class PipedriveSyncSnapshot1763769600200 implements MigrationInterface {
  name = 'PipedriveSyncSnapshot1763769600200';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "pipedrive_sync_snapshot" (
        "object_type" character varying(16) NOT NULL,
        "object_id" integer NOT NULL,
        "pd_id" integer,
        "payload" jsonb NOT NULL,
        "synced_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pipedrive_sync_snapshot_pkey" PRIMARY KEY ("object_type", "object_id")
      )`,
    );
    await queryRunner.query(
      `INSERT INTO "pipedrive_sync_snapshot" ("object_type", "object_id", "pd_id", "payload")
       SELECT 'activity', "id", NULL, '{}'::jsonb FROM "meeting"`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "pipedrive_sync_snapshot"`);
  }
}
