import { Module } from '@nestjs/common';
import { HermesModule } from '../hermes/hermes.module';
import { PipedriveModule } from '../pipedrive/pipedrive.module';
import { PipedriveWebhookModule } from '../pipedrive-webhook/pipedrive-webhook.module';
import { SetupService } from './setup.service';

/** `hermes setup`: Hermes and Pipedrive made to agree. */
@Module({
  imports: [HermesModule, PipedriveModule, PipedriveWebhookModule],
  providers: [SetupService],
  exports: [SetupService],
})
export class SetupModule {}
