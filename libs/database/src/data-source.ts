import { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATION_OPTIONS } from './migrate';

export function dataSourceOptions(url: string, extra: Partial<DataSourceOptions> = {}): DataSourceOptions {
  return { type: 'postgres', url, entities: ENTITIES, ...MIGRATION_OPTIONS, ...extra } as DataSourceOptions;
}
