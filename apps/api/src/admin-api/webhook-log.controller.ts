import { Get, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { WEBHOOK_OUTCOMES, WEBHOOK_SOURCES, WEBHOOK_VIAS, WebhookLog } from '@hermes/database';
import { RecordQueriesService } from '../core/records/record-queries.service';
import { AdminApiController, ApiListQuery } from './admin-api.decorator';
import { ParseIdPipe } from './parse-id.pipe';
import { listed, ListSpec } from './simple-rest.util';

const LIST: ListSpec = {
  sortable: Object.fromEntries(['id', 'received_at', 'source', 'entity', 'action', 'outcome', 'external_id', 'hermes_id'].map((f) => [f, `row.${f}`])),
  defaultSort: { field: 'received_at', order: 'DESC' },
  filters: {
    id: { column: 'row.id', kind: 'int' },
    hermes_id: { column: 'row.hermes_id', kind: 'int' },
    company_id: { column: 'row.company_id', kind: 'int' },
    via: { column: 'row.via', kind: { oneOf: WEBHOOK_VIAS } },
    source: { column: 'row.source', kind: { oneOf: WEBHOOK_SOURCES } },
    outcome: { column: 'row.outcome', kind: { oneOf: WEBHOOK_OUTCOMES } },
    entity: { column: 'row.entity', kind: 'string' },
    action: { column: 'row.action', kind: 'string' },
    external_id: { column: 'row.external_id', kind: 'string' },
  },
  search: ['row.external_id', 'row.reason', 'row.entity'],
};

/** Webhook log: recent inbound events (webhooks, and changes the catch-up found) and what became of them; read-only. */
@AdminApiController('webhook-log')
export class WebhookLogController {
  constructor(private readonly records: RecordQueriesService) {}

  @Get()
  @ApiListQuery()
  list(@Query() raw: Record<string, unknown>, @Res({ passthrough: true }) res: Response): Promise<WebhookLog[]> {
    return listed(res, 'webhook-log', raw, LIST, (query) => this.records.list(WebhookLog, query, LIST));
  }

  @Get(':id')
  get(@Param('id', ParseIdPipe) id: number): Promise<WebhookLog> {
    return this.records.get(WebhookLog, id, 'webhook log entry');
  }
}
