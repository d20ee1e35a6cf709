import { Get, NotFoundException, Param, Query, Res } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { Stage } from '@hermes/database';
import { DataSource } from 'typeorm';
import { AdminApiController, ApiListQuery } from './admin-api.decorator';
import { ParseIdPipe } from './parse-id.pipe';
import { ListSpec, listRows } from './simple-rest.util';

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

/** Stages (SPEC.md §9): read-only, they come from Pipedrive. */
@AdminApiController('stages')
export class StagesController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get()
  @ApiListQuery()
  list(@Query() query: Record<string, unknown>, @Res({ passthrough: true }) res: Response): Promise<Stage[]> {
    return listRows(res, 'stages', this.dataSource.getRepository(Stage).createQueryBuilder('row'), query, LIST);
  }

  @Get(':id')
  async get(@Param('id', ParseIdPipe) id: number): Promise<Stage> {
    const stage = await this.dataSource.getRepository(Stage).findOneBy({ id });
    if (!stage) throw new NotFoundException(`No stage ${id}`);
    return stage;
  }
}
