import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * v2 wrote the `created` defaults as CURRENT_TIMESTAMP; TypeORM only recognises the identical
 * `now()`, and would otherwise report these three columns as changed forever.
 */
export class CreatedDefaultNow1763769600001 implements MigrationInterface {
  name = 'CreatedDefaultNow1763769600001';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['company', 'contact', 'meeting']) {
      await queryRunner.query(`ALTER TABLE "${table}" ALTER COLUMN "created" SET DEFAULT now()`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['company', 'contact', 'meeting']) {
      await queryRunner.query(`ALTER TABLE "${table}" ALTER COLUMN "created" SET DEFAULT CURRENT_TIMESTAMP`);
    }
  }
}
