import { Get, NotFoundException, Param, Query, Res } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { WEBHOOK_OUTCOMES, WEBHOOK_SOURCES, WebhookLog } from '@hermes/database';
import { DataSource } from 'typeorm';
import { AdminApiController, ApiListQuery } from './admin-api.decorator';
import { ParseIdPipe } from './parse-id.pipe';
import { ListSpec, listRows } from './simple-rest.util';

const LIST: ListSpec = {
  sortable: Object.fromEntries(['id', 'received_at', 'source', 'entity', 'action', 'outcome', 'external_id', 'hermes_id'].map((f) => [f, `row.${f}`])),
  defaultSort: { field: 'received_at', order: 'DESC' },
  filters: {
    id: { column: 'row.id', kind: 'int' },
    hermes_id: { column: 'row.hermes_id', kind: 'int' },
    source: { column: 'row.source', kind: { oneOf: WEBHOOK_SOURCES } },
    outcome: { column: 'row.outcome', kind: { oneOf: WEBHOOK_OUTCOMES } },
    entity: { column: 'row.entity', kind: 'string' },
    action: { column: 'row.action', kind: 'string' },
    external_id: { column: 'row.external_id', kind: 'string' },
  },
  search: ['row.external_id', 'row.reason', 'row.entity'],
};

/** Webhook log (SPEC.md §9): recent inbound webhooks and what became of them; read-only. */
@AdminApiController('webhook-log')
export class WebhookLogController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get()
  @ApiListQuery()
  list(@Query() query: Record<string, unknown>, @Res({ passthrough: true }) res: Response): Promise<WebhookLog[]> {
    return listRows(res, 'webhook-log', this.dataSource.getRepository(WebhookLog).createQueryBuilder('row'), query, LIST);
  }

  @Get(':id')
  async get(@Param('id', ParseIdPipe) id: number): Promise<WebhookLog> {
    const entry = await this.dataSource.getRepository(WebhookLog).findOneBy({ id });
    if (!entry) throw new NotFoundException(`No webhook log entry ${id}`);
    return entry;
  }
}
