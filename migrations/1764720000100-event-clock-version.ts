import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A count per object of the events that changed its records: an event that read them before its
 * turn on the clock learns from it whether another event changed them in between
 * (docs/architecture.md, "TC2 webhooks").
 */
export class EventClockVersion1764720000100 implements MigrationInterface {
  name = 'EventClockVersion1764720000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "event_clock" ADD "version" bigint NOT NULL DEFAULT 0`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "event_clock" DROP COLUMN "version"`);
  }
}
