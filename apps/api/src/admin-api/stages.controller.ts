import { Get, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Stage } from '@hermes/database';
import { RecordQueriesService } from '../core/records/record-queries.service';
import { AdminApiController, ApiListQuery } from './admin-api.decorator';
import { ParseIdPipe } from './parse-id.pipe';
import { listed, ListSpec } from './simple-rest.util';

const LIST: ListSpec = {
  sortable: { id: 'row.id', name: 'row.name', pd_stage_id: 'row.pd_stage_id', pipeline_id: 'row.pipeline_id' },
  defaultSort: { field: 'id', order: 'ASC' },
  filters: {
    id: { column: 'row.id', kind: 'int' },
    pd_stage_id: { column: 'row.pd_stage_id', kind: 'int' },
    pipeline_id: { column: 'row.pipeline_id', kind: 'int' },
  },
  search: ['row.name'],
};

/** Stages: read-only, they come from Pipedrive. */
@AdminApiController('stages')
export class StagesController {
  constructor(private readonly records: RecordQueriesService) {}

  @Get()
  @ApiListQuery()
  list(@Query() raw: Record<string, unknown>, @Res({ passthrough: true }) res: Response): Promise<Stage[]> {
    return listed(res, 'stages', raw, LIST, (query) => this.records.list(Stage, query, LIST));
  }

  @Get(':id')
  get(@Param('id', ParseIdPipe) id: number): Promise<Stage> {
    return this.records.get(Stage, id, 'stage');
  }
}
