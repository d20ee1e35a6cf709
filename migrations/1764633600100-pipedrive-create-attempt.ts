import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A create Hermes is about to send to Pipedrive, recorded before it is sent and removed once the new
 * id is saved: only a record left behind (a worker killed, a timeout after Pipedrive acted) makes the
 * next sync search Pipedrive before creating (docs/architecture.md, "Creating in Pipedrive").
 */
export class PipedriveCreateAttempt1764633600100 implements MigrationInterface {
  name = 'PipedriveCreateAttempt1764633600100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "pipedrive_create_attempt" (
        "object_type" character varying(16) NOT NULL,
        "hermes_id" integer NOT NULL,
        "attempted_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pipedrive_create_attempt_pkey" PRIMARY KEY ("object_type", "hermes_id")
      )`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "pipedrive_create_attempt"`);
  }
}
