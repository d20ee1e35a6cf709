import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Admin } from './admin.entity';

/**
 * One sign-in of an Admin to the SPA. The session cookie names it, so the server decides whether a
 * session still holds: signing out revokes it, and deleting the Admin deletes their sessions.
 */
@Entity('admin_session')
@Index('admin_session_admin_id_idx', ['admin_id'])
export class AdminSession {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'admin_session_pkey' })
  id: string;

  @Column({ type: 'int' })
  admin_id: number;

  @ManyToOne(() => Admin, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'admin_id', foreignKeyConstraintName: 'admin_session_admin_id_fkey' })
  admin?: Admin;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  created_at: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revoked_at: Date | null;
}
