import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { WebhookSource } from '@hermes/model';

/**
 * The time of the latest event applied for one object of another system: an event older than it
 * (a retry, a replay) changes nothing.
 */
@Entity('event_clock')
export class EventClock {
  @PrimaryColumn({ type: 'varchar', length: 16, primaryKeyConstraintName: 'event_clock_pkey' })
  source: WebhookSource;

  /** The sender's kind of object: `client`, `organization`, `person`, `deal`… */
  @PrimaryColumn({ type: 'varchar', length: 32, primaryKeyConstraintName: 'event_clock_pkey' })
  entity: string;

  @PrimaryColumn({ type: 'int', primaryKeyConstraintName: 'event_clock_pkey' })
  external_id: number;

  @Column({ type: 'timestamptz' })
  event_at: Date;

  /** How many events changed the object's records: read before a turn, it tells whether one came between. */
  @Column({ type: 'bigint', default: 0 })
  version: string;
}
