import { Module } from '@nestjs/common';
import { HermesConfig } from '../config/hermes-config';
import { CoreModule } from '../core/core.module';
import { Tc2Client } from './tc2.client';
import { Tc2ClientUpdateJob } from './tc2-client-update.job';
import { Tc2ClientsService } from './tc2-clients.service';
import { Tc2HttpClient } from './tc2-http.client';
import { Tc2SignatureGuard } from './tc2-signature.guard';
import { Tc2SyncService } from './tc2-sync.service';
import { Tc2WebhookController } from './tc2-webhook.controller';
import { Tc2WebhookService } from './tc2-webhook.service';

/**
 * TC2: the client (pointed at `TC2_BASE_URL`, the sandbox's simulator locally), TC2's webhooks and
 * clients translated for the core, and the jobs that push Companies back to TC2.
 */
@Module({
  imports: [CoreModule],
  controllers: [Tc2WebhookController],
  providers: [
    {
      provide: Tc2Client,
      inject: [HermesConfig],
      useFactory: (config: HermesConfig) => new Tc2HttpClient(config),
    },
    Tc2ClientsService,
    Tc2SyncService,
    Tc2ClientUpdateJob,
    Tc2SignatureGuard,
    Tc2WebhookService,
  ],
  exports: [Tc2Client, Tc2ClientsService, Tc2SyncService],
})
export class Tc2Module {}
