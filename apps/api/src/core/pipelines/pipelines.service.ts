import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Config, Deal, Pipeline, Stage } from '@hermes/database';
import { DataSource, EntityManager } from 'typeorm';
import { ChangeOutcome, PipedriveChange } from '../from-pipedrive/pipedrive-change';
import { idOf } from '../from-pipedrive/pipedrive-values.util';
import { HermesError } from '../hermes-error';

/**
 * Hermes' copies of Pipedrive's pipelines and stages, kept as Pipedrive changes them, and the one
 * thing sales ops chooses about them: the stage each pipeline's new deals enter at.
 */
@Injectable()
export class PipelinesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async get(id: number): Promise<Pipeline> {
    const pipeline = await this.dataSource.manager.findOneBy(Pipeline, { id });
    if (!pipeline) throw new HermesError('record-not-found', `No pipeline ${id}`);
    return pipeline;
  }

  /**
   * A pipeline's default entry stage must be one of its own stages; null clears it. The stage
   * already set is kept even if Pipedrive has not told Hermes its pipeline yet (v2's rows).
   */
  async setDefaultEntryStage(id: number, stageId: number | null | undefined): Promise<Pipeline> {
    const pipeline = await this.get(id);
    if (stageId !== undefined && stageId !== null && stageId !== pipeline.dft_entry_stage_id) {
      const stage = await this.dataSource.manager.findOneBy(Stage, { id: stageId });
      if (!stage) throw HermesError.field('dft_entry_stage_id', `no stage has id ${stageId}`);
      if (stage.pipeline_id !== pipeline.id) throw HermesError.field('dft_entry_stage_id', `stage "${stage.name}" is not in the ${pipeline.name} pipeline`);
    }
    if (stageId !== undefined) pipeline.dft_entry_stage_id = stageId;
    return this.dataSource.manager.save(pipeline);
  }

  /**
   * A pipeline without a default entry stage cannot take new deals: its first stage (by Pipedrive's
   * order) becomes the default. Returns the stage chosen, or null when it had one (or no stages).
   */
  async defaultToFirstStage(pdPipelineId: number, pdStageIdsInOrder: number[]): Promise<{ pipeline: Pipeline; stage: Stage } | null> {
    const manager = this.dataSource.manager;
    const pipeline = await manager.findOneByOrFail(Pipeline, { pd_pipeline_id: pdPipelineId });
    if (pipeline.dft_entry_stage_id || !pdStageIdsInOrder.length) return null;
    const stage = await manager.findOneByOrFail(Stage, { pd_stage_id: pdStageIdsInOrder[0] });
    await manager.update(Pipeline, pipeline.id, { dft_entry_stage_id: stage.id });
    return { pipeline, stage };
  }

  async applyPipeline(change: PipedriveChange, manager: EntityManager): Promise<ChangeOutcome> {
    const pipeline = await manager.findOneBy(Pipeline, { pd_pipeline_id: change.pdId });
    if (change.action === 'delete') {
      if (!pipeline) return { outcome: 'ignored', reason: `Hermes has no pipeline ${change.pdId}` };
      // Deals must not go with it (v2's cascade would delete them): Pipedrive moves or deletes them first.
      const deals = await manager.countBy(Deal, { pipeline_id: pipeline.id });
      if (deals) return { outcome: 'rejected', hermesId: pipeline.id, reason: `${deals} Hermes deal(s) are still in this pipeline` };
      // The config row would cascade away with the pipeline: clear the reference instead.
      for (const column of ['payg_pipeline_id', 'startup_pipeline_id', 'enterprise_pipeline_id'] as const) {
        await manager.update(Config, { [column]: pipeline.id }, { [column]: null });
      }
      await manager.delete(Pipeline, pipeline.id);
      return { outcome: 'applied', hermesId: pipeline.id, reason: 'pipeline deleted' };
    }
    const name = nameOf(change);
    if (!name) return { outcome: 'rejected', reason: 'the pipeline has no name' };
    if (pipeline?.name === name) return { outcome: 'ignored', hermesId: pipeline.id, reason: 'nothing Hermes keeps changed' };
    const saved = await manager.save(Pipeline, { ...pipeline, pd_pipeline_id: change.pdId, name });
    return { outcome: 'applied', hermesId: saved.id, reason: pipeline ? undefined : 'pipeline created' };
  }

  async applyStage(change: PipedriveChange, manager: EntityManager): Promise<ChangeOutcome> {
    const stage = await manager.findOneBy(Stage, { pd_stage_id: change.pdId });
    if (change.action === 'delete') {
      if (!stage) return { outcome: 'ignored', reason: `Hermes has no stage ${change.pdId}` };
      const deals = await manager.countBy(Deal, { stage_id: stage.id });
      if (deals) return { outcome: 'rejected', hermesId: stage.id, reason: `${deals} Hermes deal(s) are still in this stage` };
      // A pipeline whose default entry stage this was would cascade away with it: it loses the default instead.
      await manager.update(Pipeline, { dft_entry_stage_id: stage.id }, { dft_entry_stage_id: null });
      await manager.delete(Stage, stage.id);
      return { outcome: 'applied', hermesId: stage.id, reason: 'stage deleted' };
    }
    const name = nameOf(change);
    if (!name) return { outcome: 'rejected', reason: 'the stage has no name' };
    const pdPipelineId = idOf(change.data!.pipeline_id);
    const pipeline = pdPipelineId === null ? null : await manager.findOneBy(Pipeline, { pd_pipeline_id: pdPipelineId });
    const changes = { name, pipeline_id: pipeline?.id ?? null };
    if (stage && stage.name === changes.name && stage.pipeline_id === changes.pipeline_id) {
      return { outcome: 'ignored', hermesId: stage.id, reason: 'nothing Hermes keeps changed' };
    }
    const saved = await manager.save(Stage, { ...stage, pd_stage_id: change.pdId, ...changes });
    const notes = [stage ? '' : 'stage created', pipeline || pdPipelineId === null ? '' : `pipeline ${pdPipelineId} is not in Hermes`];
    return { outcome: 'applied', hermesId: saved.id, reason: notes.filter(Boolean).join('; ') || undefined };
  }
}

function nameOf(change: PipedriveChange): string | null {
  const name = change.data!.name;
  return typeof name === 'string' && name.trim() ? name.trim().slice(0, 255) : null;
}
