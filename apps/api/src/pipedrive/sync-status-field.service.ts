import { Injectable, Logger } from '@nestjs/common';
import { Company } from '@hermes/database';
import { HermesStateService } from '../core/state/hermes-state.service';
import { SyncOutcomesService } from '../core/sync/sync-outcomes.service';
import { PipedriveClient } from './pipedrive.client';
import { PipedriveGoneError } from './pipedrive.errors';

/** Where `hermes setup` records the key of the organization field `Hermes sync status`. */
export const SYNC_STATUS_FIELD_STATE = 'pipedrive.sync-status-field';
export const SYNC_STATUS_FIELD_NAME = 'Hermes sync status';
const STATUS_MAX = 255;

/**
 * The organization field `Hermes sync status` tells people in Pipedrive when Hermes could not sync
 * the company (its retries used up), and is emptied by the next sync that succeeds. It is written
 * only when what it says changes, so it costs a request only then; an edit made to it in Pipedrive
 * changes nothing in Hermes.
 */
@Injectable()
export class SyncStatusFieldService {
  private readonly logger = new Logger(SyncStatusFieldService.name);

  constructor(
    private readonly pipedrive: PipedriveClient,
    private readonly state: HermesStateService,
    private readonly outcomes: SyncOutcomesService,
  ) {}

  /** After a sync that succeeded. */
  async synced(company: Company): Promise<void> {
    await this.show(company, null);
  }

  /** After the company's sync failed for good. */
  async failed(company: Company, error: Error): Promise<void> {
    const at = new Date().toISOString().slice(0, 16).replace('T', ' ');
    await this.show(company, `Sync failed ${at} UTC: ${error.message}`.slice(0, STATUS_MAX));
  }

  private async show(company: Company, status: string | null): Promise<void> {
    const sent = (await this.outcomes.state(company.id))?.pd_status_sent ?? null;
    // A failure already shown stays as first written: its time says since when.
    if (!company.pd_org_id || (status === null ? sent === null : sent !== null)) return;
    const key = (await this.state.get<{ key: string }>(SYNC_STATUS_FIELD_STATE))?.value.key;
    if (!key) return;
    try {
      await this.pipedrive.updateOrganization(company.pd_org_id, { custom_fields: { [key]: status } });
      await this.outcomes.recordWrite({
        company_id: company.id,
        system: 'pipedrive',
        object: 'organization',
        external_id: String(company.pd_org_id),
        action: 'update',
        fields: [SYNC_STATUS_FIELD_NAME],
        outcome: 'ok',
      });
      await this.outcomes.statusSent(company.id, status);
    } catch (error) {
      if (!(error instanceof PipedriveGoneError) && status === null) throw error;
      // Showing a failure must not hide the failure itself: logged, the sync's own error stands.
      this.logger.warn(`Could not set ${SYNC_STATUS_FIELD_NAME} on organization ${company.pd_org_id}: ${(error as Error).message}`);
    }
  }
}
