import { Module } from '@nestjs/common';
import { HermesConfig } from '../config/hermes-config';
import { Tc2Client } from './tc2.client';
import { Tc2HttpClient } from './tc2-http.client';

/** Provides the TC2 client, pointed at `TC2_BASE_URL` (the sandbox's simulator when running locally). */
@Module({
  providers: [
    {
      provide: Tc2Client,
      inject: [HermesConfig],
      useFactory: (config: HermesConfig) => new Tc2HttpClient(config),
    },
  ],
  exports: [Tc2Client],
})
export class Tc2Module {}
