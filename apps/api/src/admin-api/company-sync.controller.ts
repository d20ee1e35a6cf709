import { Get, Param, Query } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';
import { Company } from '@hermes/database';
import { RecordQueriesService } from '../core/records/record-queries.service';
import { CompanySyncViewService, SyncHealth, TimelineEntry } from '../self-healing/company-sync-view.service';
import { AdminApiController } from './admin-api.decorator';
import { ParseIdPipe } from './parse-id.pipe';
import { badParameter } from './simple-rest.util';

const TIMELINE_MAX = 200;

/** A company's timeline: what reached Hermes about it and what Hermes wrote for it, newest first. */
@AdminApiController('companies')
export class CompanyTimelineController {
  constructor(
    private readonly records: RecordQueriesService,
    private readonly view: CompanySyncViewService,
  ) {}

  @Get(':id/timeline')
  @ApiQuery({ name: 'limit', required: false, description: `Entries, newest first (1–${TIMELINE_MAX}, default 50)` })
  async timeline(@Param('id', ParseIdPipe) id: number, @Query('limit') limit?: string): Promise<TimelineEntry[]> {
    const count = limit === undefined ? 50 : /^\d{1,3}$/.test(limit) ? Number(limit) : NaN;
    if (!(count >= 1 && count <= TIMELINE_MAX)) throw badParameter('limit', `must be a whole number from 1 to ${TIMELINE_MAX}`);
    await this.records.get(Company, id, 'company');
    return this.view.timeline(id, count);
  }
}

/** What the dashboard shows of Hermes' health with Pipedrive. */
@AdminApiController('sync-health')
export class SyncHealthController {
  constructor(private readonly view: CompanySyncViewService) {}

  @Get()
  health(): Promise<SyncHealth> {
    return this.view.health();
  }
}
