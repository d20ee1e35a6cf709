import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { dataSourceOptions } from '@hermes/database';
import { HermesConfig } from '../config/hermes-config';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [HermesConfig],
      useFactory: (config: HermesConfig) => {
        if (!config.databaseUrl) throw new Error('DATABASE_URL is not set');
        return {
          // Room for each running job's advisory-lock connection besides the queries of jobs and requests.
          ...dataSourceOptions(config.databaseUrl, { extra: { max: 20, connectionTimeoutMillis: 5000 } }),
          // Keep trying while Postgres is briefly away (e.g. restarting) instead of crashing.
          retryAttempts: 10,
          retryDelay: 1000,
        };
      },
    }),
  ],
})
export class DatabaseModule {}
