import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Config, Pipeline, PRICE_PLANS, PricePlan } from '@hermes/database';
import { DataSource, EntityManager } from 'typeorm';
import { HermesError } from '../hermes-error';

export type ConfigFields = Partial<Omit<Config, 'id' | 'payg_pipeline' | 'startup_pipeline' | 'enterprise_pipeline'>>;

const PIPELINE_COLUMNS = PRICE_PLANS.map((plan) => `${plan}_pipeline_id` as const);

/** The one Config row: read inside the caller's transaction, created with v2's defaults on first use. */
@Injectable()
export class ConfigService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async get(manager: EntityManager = this.dataSource.manager): Promise<Config> {
    const existing = await manager.findOne(Config, { where: {}, order: { id: 'ASC' } });
    if (existing) return existing;
    // The column defaults are v2's, so an empty insert is v2's first-use row.
    return manager.save(manager.create(Config, {}));
  }

  async getById(id: number): Promise<Config> {
    const config = await this.dataSource.manager.findOneBy(Config, { id });
    if (!config) throw new HermesError('record-not-found', `No config ${id}`);
    return config;
  }

  /** Sales ops' settings: a day that ends after it starts, and pipelines that exist. */
  async update(id: number, fields: ConfigFields): Promise<Config> {
    const config = Object.assign(await this.getById(id), fields);
    if (config.meeting_min_start >= config.meeting_max_end) {
      throw HermesError.field('meeting_max_end', `must be after the day's start (${config.meeting_min_start})`);
    }
    for (const column of PIPELINE_COLUMNS) {
      const pipelineId = fields[column];
      if (pipelineId && !(await this.dataSource.manager.existsBy(Pipeline, { id: pipelineId }))) {
        throw HermesError.field(column, `no pipeline has id ${pipelineId}`);
      }
    }
    return this.dataSource.manager.save(config);
  }

  /** The pipeline new deals of this price plan go into; null when sales ops has not chosen one. */
  async pipelineFor(pricePlan: PricePlan, manager: EntityManager): Promise<Pipeline | null> {
    const pipelineId = (await this.get(manager))[`${pricePlan}_pipeline_id`];
    return pipelineId === null ? null : manager.findOneBy(Pipeline, { id: pipelineId });
  }

  /** Points a price plan's deals at a pipeline (setup, by the pipelines' names). */
  async choosePipeline(pricePlan: PricePlan, pipelineId: number): Promise<void> {
    const config = await this.get();
    await this.dataSource.manager.update(Config, config.id, { [`${pricePlan}_pipeline_id`]: pipelineId });
  }
}
