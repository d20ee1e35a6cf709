import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What keeping TC2, Pipedrive and Hermes in step needs remembering (docs/field-ownership.md):
 * companies whose organization was deleted or merged away in Pipedrive (kept, never pushed again
 * until restored), what TC2 last sent for each company and contact, the time of the last event
 * applied per object (older ones are stale), and Pipedrive objects that answered 404/410.
 */
export class StayInStep1763769600600 implements MigrationInterface {
  name = 'StayInStep1763769600600';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "company" ADD "pd_removed" character varying(16)`);
    await queryRunner.query(`ALTER TABLE "company" ADD "pd_removed_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(
      `CREATE TABLE "tc2_snapshot" (
        "object_type" character varying(16) NOT NULL,
        "object_id" integer NOT NULL,
        "payload" jsonb NOT NULL,
        "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "tc2_snapshot_pkey" PRIMARY KEY ("object_type", "object_id")
      )`,
    );
    await queryRunner.query(
      `CREATE TABLE "event_clock" (
        "source" character varying(16) NOT NULL,
        "entity" character varying(32) NOT NULL,
        "external_id" integer NOT NULL,
        "event_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "event_clock_pkey" PRIMARY KEY ("source", "entity", "external_id")
      )`,
    );
    await queryRunner.query(
      `CREATE TABLE "pipedrive_gone" (
        "object_type" character varying(16) NOT NULL,
        "pd_id" integer NOT NULL,
        "gone_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pipedrive_gone_pkey" PRIMARY KEY ("object_type", "pd_id")
      )`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "pipedrive_gone"`);
    await queryRunner.query(`DROP TABLE "event_clock"`);
    await queryRunner.query(`DROP TABLE "tc2_snapshot"`);
    await queryRunner.query(`ALTER TABLE "company" DROP COLUMN "pd_removed_at"`);
    await queryRunner.query(`ALTER TABLE "company" DROP COLUMN "pd_removed"`);
  }
}
