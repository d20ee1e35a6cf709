import { MigrationInterface, QueryRunner } from 'typeorm';

/** The admin SPA's sessions, so the server can revoke them and enforce their lifetime. */
export class AdminSession1763769600500 implements MigrationInterface {
  name = 'AdminSession1763769600500';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "admin_session" (
        "id" uuid NOT NULL,
        "admin_id" integer NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "revoked_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "admin_session_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "admin_session_admin_id_fkey" FOREIGN KEY ("admin_id") REFERENCES "admin"("id") ON DELETE CASCADE ON UPDATE NO ACTION
      )`,
    );
    await queryRunner.query(`CREATE INDEX "admin_session_admin_id_idx" ON "admin_session" ("admin_id")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "admin_session"`);
  }
}
