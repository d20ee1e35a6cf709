import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { HermesConfig } from '../config/hermes-config';
import { PipedriveClient } from './pipedrive.client';
import { PipedriveHttpClient } from './pipedrive-http.client';

/** Provides the Pipedrive client; its rate limiter keeps its state in Hermes' database. */
@Module({
  providers: [
    {
      provide: PipedriveClient,
      inject: [HermesConfig, DataSource],
      useFactory: (config: HermesConfig, dataSource: DataSource) => new PipedriveHttpClient(config, dataSource),
    },
  ],
  exports: [PipedriveClient],
})
export class PipedriveModule {}
