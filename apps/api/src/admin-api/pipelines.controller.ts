import { Body, Get, NotFoundException, Param, Put, Query, Res } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { Pipeline, Stage } from '@hermes/database';
import { DataSource } from 'typeorm';
import { fieldError } from '../common/validation.pipe';
import { AdminApiController, ApiListQuery } from './admin-api.decorator';
import { ParseIdPipe } from './parse-id.pipe';
import { UpdatePipelineDto } from './dto/pipeline.dto';
import { ListSpec, listRows } from './simple-rest.util';

const LIST: ListSpec = {
  sortable: { id: 'row.id', name: 'row.name', pd_pipeline_id: 'row.pd_pipeline_id', dft_entry_stage_id: 'row.dft_entry_stage_id' },
  defaultSort: { field: 'id', order: 'ASC' },
  filters: { id: { column: 'row.id', kind: 'int' }, pd_pipeline_id: { column: 'row.pd_pipeline_id', kind: 'int' } },
  search: ['row.name'],
};

/** Pipelines (SPEC.md §9): from Pipedrive; sales ops chooses each one's default entry stage. */
@AdminApiController('pipelines')
export class PipelinesController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get()
  @ApiListQuery()
  list(@Query() query: Record<string, unknown>, @Res({ passthrough: true }) res: Response): Promise<Pipeline[]> {
    return listRows(res, 'pipelines', this.dataSource.getRepository(Pipeline).createQueryBuilder('row'), query, LIST);
  }

  @Get(':id')
  get(@Param('id', ParseIdPipe) id: number): Promise<Pipeline> {
    return this.find(id);
  }

  @Put(':id')
  async update(@Param('id', ParseIdPipe) id: number, @Body() body: UpdatePipelineDto): Promise<Pipeline> {
    const pipeline = await this.find(id);
    const stageId = body.dft_entry_stage_id;
    // The stage already set is kept even if Pipedrive has not told Hermes its pipeline yet (v2's rows).
    if (stageId !== undefined && stageId !== null && stageId !== pipeline.dft_entry_stage_id) {
      const stage = await this.dataSource.getRepository(Stage).findOneBy({ id: stageId });
      if (!stage) throw fieldError('dft_entry_stage_id', `no stage has id ${stageId}`);
      if (stage.pipeline_id !== pipeline.id) throw fieldError('dft_entry_stage_id', `stage "${stage.name}" is not in the ${pipeline.name} pipeline`);
    }
    if (stageId !== undefined) pipeline.dft_entry_stage_id = stageId;
    return this.dataSource.getRepository(Pipeline).save(pipeline);
  }

  private async find(id: number): Promise<Pipeline> {
    const pipeline = await this.dataSource.getRepository(Pipeline).findOneBy({ id });
    if (!pipeline) throw new NotFoundException(`No pipeline ${id}`);
    return pipeline;
  }
}
