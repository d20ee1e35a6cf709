import { MigrationInterface, QueryRunner } from 'typeorm';

/** Which pipeline a stage belongs to, so the SPA offers a pipeline only its own stages, filled by `hermes setup` and stage webhooks. */
export class StagePipeline1763769600300 implements MigrationInterface {
  name = 'StagePipeline1763769600300';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "stage" ADD "pipeline_id" integer`);
    await queryRunner.query(
      `ALTER TABLE "stage" ADD CONSTRAINT "stage_pipeline_id_fkey" FOREIGN KEY ("pipeline_id") REFERENCES "pipeline"("id") ON DELETE SET NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "stage" DROP CONSTRAINT "stage_pipeline_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "stage" DROP COLUMN "pipeline_id"`);
  }
}
