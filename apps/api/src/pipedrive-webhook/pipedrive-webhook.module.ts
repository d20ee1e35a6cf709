import { Module } from '@nestjs/common';
import { CoreModule } from '../core/core.module';
import { PipedriveModule } from '../pipedrive/pipedrive.module';
import { PipedriveImportService } from './pipedrive-import.service';
import { PipedriveBasicAuthGuard } from './pipedrive-basic-auth.guard';
import { PipedriveWebhookController } from './pipedrive-webhook.controller';
import { PipedriveWebhookService } from './pipedrive-webhook.service';
import { PipedriveWebhooksService } from './pipedrive-webhooks.service';

/**
 * Pipedrive's changes reaching Hermes: its webhooks (and their registration in Pipedrive), and the
 * full import (`sync from-pipedrive`), translated into the core's changes (the core applies them and
 * enqueues the syncs they need).
 */
@Module({
  imports: [CoreModule, PipedriveModule],
  controllers: [PipedriveWebhookController],
  providers: [PipedriveBasicAuthGuard, PipedriveWebhookService, PipedriveWebhooksService, PipedriveImportService],
  exports: [PipedriveWebhookService, PipedriveWebhooksService, PipedriveImportService],
})
export class PipedriveWebhookModule {}
