import { Module } from '@nestjs/common';
import { CoreModule } from '../core/core.module';
import { PipedriveModule } from '../pipedrive/pipedrive.module';
import { PipedriveWebhookModule } from '../pipedrive-webhook/pipedrive-webhook.module';
import { PipedriveCatchUpJob } from './pipedrive-catch-up.job';
import { PipedriveCatchUpService } from './pipedrive-catch-up.service';
import { ReconcileService } from './reconcile.service';

/**
 * Hermes healing itself (docs/self-healing.md): the scheduled catch-up with Pipedrive, the check of
 * its webhooks there, and `hermes reconcile`.
 */
@Module({
  imports: [CoreModule, PipedriveModule, PipedriveWebhookModule],
  providers: [PipedriveCatchUpService, PipedriveCatchUpJob, ReconcileService],
  exports: [PipedriveCatchUpService, ReconcileService],
})
export class SelfHealingModule {}
