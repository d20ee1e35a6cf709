import { Body, Get, Param, Put, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Pipeline } from '@hermes/database';
import { PipelinesService } from '../core/pipelines/pipelines.service';
import { RecordQueriesService } from '../core/records/record-queries.service';
import { AdminApiController, ApiListQuery } from './admin-api.decorator';
import { ParseIdPipe } from './parse-id.pipe';
import { UpdatePipelineDto } from './dto/pipeline.dto';
import { listed, ListSpec } from './simple-rest.util';

const LIST: ListSpec = {
  sortable: { id: 'row.id', name: 'row.name', pd_pipeline_id: 'row.pd_pipeline_id', dft_entry_stage_id: 'row.dft_entry_stage_id' },
  defaultSort: { field: 'id', order: 'ASC' },
  filters: { id: { column: 'row.id', kind: 'int' }, pd_pipeline_id: { column: 'row.pd_pipeline_id', kind: 'int' } },
  search: ['row.name'],
};

/** Pipelines: from Pipedrive; sales ops chooses each one's default entry stage. */
@AdminApiController('pipelines')
export class PipelinesController {
  constructor(
    private readonly pipelines: PipelinesService,
    private readonly records: RecordQueriesService,
  ) {}

  @Get()
  @ApiListQuery()
  list(@Query() raw: Record<string, unknown>, @Res({ passthrough: true }) res: Response): Promise<Pipeline[]> {
    return listed(res, 'pipelines', raw, LIST, (query) => this.records.list(Pipeline, query, LIST));
  }

  @Get(':id')
  get(@Param('id', ParseIdPipe) id: number): Promise<Pipeline> {
    return this.pipelines.get(id);
  }

  @Put(':id')
  update(@Param('id', ParseIdPipe) id: number, @Body() body: UpdatePipelineDto): Promise<Pipeline> {
    return this.pipelines.setDefaultEntryStage(id, body.dft_entry_stage_id);
  }
}
