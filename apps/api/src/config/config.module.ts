import { DynamicModule, Global, Module } from '@nestjs/common';
import { HermesConfig } from './hermes-config';

/** Makes the start-up's validated HermesConfig injectable everywhere. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: HermesConfig): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: HermesConfig, useValue: config }], exports: [HermesConfig] };
  }
}
