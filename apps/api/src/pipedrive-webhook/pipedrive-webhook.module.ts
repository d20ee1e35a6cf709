import { Module } from '@nestjs/common';
import { HermesModule } from '../hermes/hermes.module';
import { PipedriveModule } from '../pipedrive/pipedrive.module';
import { Tc2Module } from '../tc2/tc2.module';
import { DealEvents } from './deal-events.service';
import { OrganizationEvents } from './organization-events.service';
import { PersonEvents } from './person-events.service';
import { PipedriveImportService } from './pipedrive-import.service';
import { PipedriveBasicAuthGuard } from './pipedrive-basic-auth.guard';
import { PipedriveWebhookController } from './pipedrive-webhook.controller';
import { PipedriveWebhookService } from './pipedrive-webhook.service';
import { PipelineEvents } from './pipeline-events.service';

/**
 * Pipedrive's changes applied to Hermes and pushed on to TC2: its webhooks, and the full import
 * (`sync from-pipedrive`). A module of its own because it needs both Pipedrive's and TC2's, and
 * TC2's already needs Pipedrive's.
 */
@Module({
  imports: [HermesModule, PipedriveModule, Tc2Module],
  controllers: [PipedriveWebhookController],
  providers: [
    PipedriveBasicAuthGuard,
    PipedriveWebhookService,
    PipedriveImportService,
    OrganizationEvents,
    PersonEvents,
    DealEvents,
    PipelineEvents,
  ],
  exports: [PipedriveWebhookService, PipedriveImportService],
})
export class PipedriveWebhookModule {}
