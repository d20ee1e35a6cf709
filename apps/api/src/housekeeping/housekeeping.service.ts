import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Company, Contact, Deal, Meeting, SyncedObjectType, SyncWrite, WebhookLog } from '@hermes/database';
import { DataSource, EntityTarget, LessThan } from 'typeorm';
import { HermesConfig } from '../config/hermes-config';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The Hermes object behind each kind of Pipedrive sync snapshot. */
const SNAPSHOT_OWNERS: Record<SyncedObjectType, EntityTarget<object>> = { organization: Company, person: Contact, deal: Deal, activity: Meeting };

export interface HousekeepingResult {
  webhookLogDeleted: number;
  syncWritesDeleted: number;
  snapshotsDeleted: number;
}

/**
 * Keeps the tables that only grow in check: the webhook log and the record of writes to other
 * systems (the companies' timelines) keep WEBHOOK_LOG_RETENTION_DAYS, and
 * Pipedrive sync snapshots go once their Company, Contact, Deal or Meeting has been deleted (the
 * snapshot table names its object by type and id, so no foreign key can cascade).
 */
@Injectable()
export class HousekeepingService {
  private readonly logger = new Logger(HousekeepingService.name);

  constructor(
    private readonly config: HermesConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async run(now = new Date()): Promise<HousekeepingResult> {
    const cutoff = new Date(now.getTime() - this.config.webhookLogRetentionDays * DAY_MS);
    const { affected } = await this.dataSource.getRepository(WebhookLog).delete({ received_at: LessThan(cutoff) });
    const writes = await this.dataSource.getRepository(SyncWrite).delete({ at: LessThan(cutoff) });
    const orphaned = Object.entries(SNAPSHOT_OWNERS).map(
      ([type, entity]) => `(s.object_type = '${type}' AND NOT EXISTS (SELECT 1 FROM ${this.dataSource.getMetadata(entity).tableName} o WHERE o.id = s.object_id))`,
    );
    const [, snapshotsDeleted] = await this.dataSource.query(`DELETE FROM pipedrive_sync_snapshot s WHERE ${orphaned.join(' OR ')}`);
    const result = { webhookLogDeleted: affected ?? 0, syncWritesDeleted: writes.affected ?? 0, snapshotsDeleted: Number(snapshotsDeleted) };
    this.logger.log(
      `Housekeeping: ${result.webhookLogDeleted} webhook log entries and ${result.syncWritesDeleted} sync writes before ${cutoff.toISOString()}, and ${result.snapshotsDeleted} orphaned sync snapshots deleted`,
    );
    return result;
  }
}
