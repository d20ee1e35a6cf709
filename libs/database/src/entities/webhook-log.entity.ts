import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { WebhookOutcome, WebhookSource, WebhookVia } from '@hermes/model';

/** One inbound event (a webhook, or a change the catch-up found) and what became of it, for the SPA's webhook log. */
@Entity('webhook_log')
@Index('webhook_log_received_at_idx', ['received_at'])
@Index('webhook_log_company_idx', ['company_id', 'received_at'], { where: '"company_id" IS NOT NULL' })
export class WebhookLog {
  @PrimaryGeneratedColumn({ primaryKeyConstraintName: 'webhook_log_pkey' })
  id: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  received_at: Date;

  @Column({ type: 'varchar', length: 16 })
  source: WebhookSource;

  /** The sender's name for the object: `organization`, `deal`, `Client`... */
  @Column({ type: 'varchar', length: 32 })
  entity: string;

  @Column({ type: 'varchar', length: 32 })
  action: string;

  /** The object's id in the sending system. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  external_id: string | null;

  /** The Hermes object it was applied to, when there was one. */
  @Column({ type: 'int', nullable: true })
  hermes_id: number | null;

  @Column({ type: 'varchar', length: 16 })
  outcome: WebhookOutcome;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  reason: string | null;

  @Column({ type: 'varchar', length: 16, default: 'webhook' })
  via: WebhookVia;

  /** The company the event concerned, for its timeline. */
  @Column({ type: 'int', nullable: true })
  company_id: number | null;

  /** The fields it changed in Hermes, by the sender's names. */
  @Column({ type: 'jsonb', nullable: true })
  fields: string[] | null;
}
