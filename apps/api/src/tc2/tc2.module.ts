import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Admin, Company, CustomField, CustomFieldValue, Deal } from '@hermes/database';
import { HermesConfig } from '../config/hermes-config';
import { HermesModule } from '../hermes/hermes.module';
import { PipedriveModule } from '../pipedrive/pipedrive.module';
import { Tc2Client } from './tc2.client';
import { Tc2HttpClient } from './tc2-http.client';
import { Tc2SignatureGuard } from './tc2-signature.guard';
import { Tc2SyncService } from './tc2-sync.service';
import { Tc2WebhookController } from './tc2-webhook.controller';
import { Tc2WebhookService } from './tc2-webhook.service';

/**
 * TC2: the client (pointed at `TC2_BASE_URL`, the sandbox's simulator locally), the push of
 * Companies back to TC2, and TC2's webhooks.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Admin, Company, CustomField, CustomFieldValue, Deal]), HermesModule, PipedriveModule],
  controllers: [Tc2WebhookController],
  providers: [
    {
      provide: Tc2Client,
      inject: [HermesConfig],
      useFactory: (config: HermesConfig) => new Tc2HttpClient(config),
    },
    Tc2SyncService,
    Tc2SignatureGuard,
    Tc2WebhookService,
  ],
  exports: [Tc2Client, Tc2SyncService, Tc2WebhookService],
})
export class Tc2Module {}
