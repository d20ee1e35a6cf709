import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Admin, Company, CustomField, CustomFieldValue, Deal } from '@hermes/database';
import { HermesConfig } from '../config/hermes-config';
import { Tc2Client } from './tc2.client';
import { Tc2HttpClient } from './tc2-http.client';
import { Tc2SyncService } from './tc2-sync.service';

/** TC2: the client (pointed at `TC2_BASE_URL`, the sandbox's simulator locally) and the push of Companies back to TC2. */
@Module({
  imports: [TypeOrmModule.forFeature([Admin, Company, CustomField, CustomFieldValue, Deal])],
  providers: [
    {
      provide: Tc2Client,
      inject: [HermesConfig],
      useFactory: (config: HermesConfig) => new Tc2HttpClient(config),
    },
    Tc2SyncService,
  ],
  exports: [Tc2Client, Tc2SyncService],
})
export class Tc2Module {}
