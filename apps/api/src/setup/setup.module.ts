import { Module } from '@nestjs/common';
import { CoreModule } from '../core/core.module';
import { PipedriveModule } from '../pipedrive/pipedrive.module';
import { PipedriveWebhookModule } from '../pipedrive-webhook/pipedrive-webhook.module';
import { SetupService } from './setup.service';

/** `hermes setup`: Hermes and Pipedrive made to agree. */
@Module({
  imports: [CoreModule, PipedriveModule, PipedriveWebhookModule],
  providers: [SetupService],
  exports: [SetupService],
})
export class SetupModule {}
