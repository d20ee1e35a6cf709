import { Injectable } from '@nestjs/common';
import { Config, Deal, Pipeline, Stage } from '@hermes/database';
import { EntityManager } from 'typeorm';
import { idOf } from './pipedrive-webhook-fields.util';
import { EventOutcome, WebhookEvent } from './webhook-event';

/** Pipeline and stage events keep Hermes' copies of Pipedrive's pipelines and stages (SPEC.md §7.2). */
@Injectable()
export class PipelineEvents {
  async applyPipeline(event: WebhookEvent, manager: EntityManager): Promise<EventOutcome> {
    const pipeline = await manager.findOneBy(Pipeline, { pd_pipeline_id: event.pdId });
    if (event.action === 'delete') {
      if (!pipeline) return { outcome: 'ignored', reason: `Hermes has no pipeline ${event.pdId}` };
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
    const name = nameOf(event);
    if (!name) return { outcome: 'rejected', reason: 'the pipeline has no name' };
    if (pipeline?.name === name) return { outcome: 'ignored', hermesId: pipeline.id, reason: 'nothing Hermes keeps changed' };
    const saved = await manager.save(Pipeline, { ...pipeline, pd_pipeline_id: event.pdId, name });
    return { outcome: 'applied', hermesId: saved.id, reason: pipeline ? undefined : 'pipeline created' };
  }

  async applyStage(event: WebhookEvent, manager: EntityManager): Promise<EventOutcome> {
    const stage = await manager.findOneBy(Stage, { pd_stage_id: event.pdId });
    if (event.action === 'delete') {
      if (!stage) return { outcome: 'ignored', reason: `Hermes has no stage ${event.pdId}` };
      const deals = await manager.countBy(Deal, { stage_id: stage.id });
      if (deals) return { outcome: 'rejected', hermesId: stage.id, reason: `${deals} Hermes deal(s) are still in this stage` };
      // A pipeline whose default entry stage this was would cascade away with it: it loses the default instead.
      await manager.update(Pipeline, { dft_entry_stage_id: stage.id }, { dft_entry_stage_id: null });
      await manager.delete(Stage, stage.id);
      return { outcome: 'applied', hermesId: stage.id, reason: 'stage deleted' };
    }
    const name = nameOf(event);
    if (!name) return { outcome: 'rejected', reason: 'the stage has no name' };
    const pdPipelineId = idOf(event.data!.pipeline_id);
    const pipeline = pdPipelineId === null ? null : await manager.findOneBy(Pipeline, { pd_pipeline_id: pdPipelineId });
    const changes = { name, pipeline_id: pipeline?.id ?? null };
    if (stage && stage.name === changes.name && stage.pipeline_id === changes.pipeline_id) {
      return { outcome: 'ignored', hermesId: stage.id, reason: 'nothing Hermes keeps changed' };
    }
    const saved = await manager.save(Stage, { ...stage, pd_stage_id: event.pdId, ...changes });
    const notes = [stage ? '' : 'stage created', pipeline || pdPipelineId === null ? '' : `pipeline ${pdPipelineId} is not in Hermes`];
    return { outcome: 'applied', hermesId: saved.id, reason: notes.filter(Boolean).join('; ') || undefined };
  }
}

function nameOf(event: WebhookEvent): string | null {
  const name = event.data!.name;
  return typeof name === 'string' && name.trim() ? name.trim().slice(0, 255) : null;
}
