import { Injectable } from '@nestjs/common';
import { Config, Pipeline, PricePlan } from '@hermes/database';
import { EntityManager } from 'typeorm';

/** The one Config row (§5): read inside the caller's transaction, created with v2's defaults on first use. */
@Injectable()
export class ConfigService {
  async get(manager: EntityManager): Promise<Config> {
    const existing = await manager.findOne(Config, { where: {}, order: { id: 'ASC' } });
    if (existing) return existing;
    // The column defaults are v2's, so an empty insert is v2's first-use row.
    return manager.save(manager.create(Config, {}));
  }

  /** The pipeline new deals of this price plan go into; null when sales ops has not chosen one. */
  async pipelineFor(pricePlan: PricePlan, manager: EntityManager): Promise<Pipeline | null> {
    const config = await this.get(manager);
    const pipelineId = { payg: config.payg_pipeline_id, startup: config.startup_pipeline_id, enterprise: config.enterprise_pipeline_id }[
      pricePlan
    ];
    return pipelineId === null ? null : manager.findOneBy(Pipeline, { id: pipelineId });
  }
}
