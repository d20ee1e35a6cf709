import { Module } from '@nestjs/common';
import { CoreModule } from '../core/core.module';
import { MetricsModule } from '../metrics/metrics.module';
import { PipedriveModule } from '../pipedrive/pipedrive.module';
import { PipedriveWebhookModule } from '../pipedrive-webhook/pipedrive-webhook.module';
import { PipedriveCatchUpJob } from './pipedrive-catch-up.job';
import { PipedriveCatchUpService } from './pipedrive-catch-up.service';
import { CompanySyncViewService } from './company-sync-view.service';
import { ReconcileService } from './reconcile.service';
import { WebhookHealthService } from './webhook-health.service';

/**
 * Hermes healing itself (docs/self-healing.md): the scheduled catch-up with Pipedrive, the check of
 * its webhooks there, and `hermes reconcile`.
 */
@Module({
  imports: [CoreModule, MetricsModule, PipedriveModule, PipedriveWebhookModule],
  providers: [PipedriveCatchUpService, PipedriveCatchUpJob, WebhookHealthService, ReconcileService, CompanySyncViewService],
  exports: [PipedriveCatchUpService, WebhookHealthService, ReconcileService, CompanySyncViewService],
})
export class SelfHealingModule {}
