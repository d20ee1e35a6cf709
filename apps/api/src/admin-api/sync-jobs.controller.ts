import { Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { JobRecordsService } from '../jobs/job-records.service';
import { JobListOptions, JobRecord, PENDING_JOB_STATES } from '../jobs/pgboss-tables';
import { AdminApiController, ApiListQuery } from './admin-api.decorator';
import { listed, ListSpec } from './simple-rest.util';

/** A job as the SPA lists it (snake_case like every other resource). */
export interface SyncJobView {
  id: string;
  name: string;
  state: string;
  data: unknown;
  error: unknown;
  retry_count: number;
  retry_limit: number;
  created_on: Date;
  started_on: Date | null;
  completed_on: Date | null;
}

const STATES = ['failed', 'pending', ...PENDING_JOB_STATES] as const;
const SORTABLE: Record<string, JobListOptions['orderBy']> = {
  id: 'created_on',
  created_on: 'created_on',
  started_on: 'started_on',
  completed_on: 'completed_on',
  name: 'name',
  state: 'state',
  retry_count: 'retry_count',
};
const LIST: ListSpec = {
  sortable: SORTABLE,
  defaultSort: { field: 'created_on', order: 'DESC' },
  filters: { state: { column: 'state', kind: { oneOf: STATES } }, name: { column: 'name', kind: 'string' } },
};

function view(job: JobRecord): SyncJobView {
  return {
    id: job.id,
    name: job.name,
    state: job.state,
    data: job.data,
    error: job.error,
    retry_count: job.retryCount,
    retry_limit: job.retryLimit,
    created_on: job.createdOn,
    started_on: job.startedOn,
    completed_on: job.completedOn,
  };
}

/**
 * Sync jobs: the queue's failed jobs, with their error and payload, and those still pending.
 * `state` filters by `failed`, `pending` (waiting, retrying or running) or one of pg-boss's states;
 * without it, both failed and pending jobs are listed.
 */
@AdminApiController('sync-jobs')
export class SyncJobsController {
  constructor(private readonly jobs: JobRecordsService) {}

  @Get()
  @ApiListQuery()
  async list(@Query() raw: Record<string, unknown>, @Res({ passthrough: true }) res: Response): Promise<SyncJobView[]> {
    const jobs = await listed(res, 'sync-jobs', raw, LIST, async (query) => {
      const wanted = [query.filter.state ?? ['failed', 'pending']].flat() as string[];
      const { jobs, total } = await this.jobs.list({
        states: wanted.flatMap((state) => (state === 'pending' ? [...PENDING_JOB_STATES] : [state])),
        name: query.filter.name as string | undefined,
        orderBy: SORTABLE[query.sort.field],
        order: query.sort.order,
        offset: query.range?.start ?? 0,
        limit: query.range ? query.range.end - query.range.start + 1 : null,
      });
      return { rows: jobs, total };
    });
    return jobs.map(view);
  }

  @Get(':id')
  async get(@Param('id', ParseUUIDPipe) id: string): Promise<SyncJobView> {
    return view(await this.jobs.find(id));
  }

  /** Puts a failed job back in its queue. */
  @Post(':id/retry')
  @HttpCode(200)
  async retry(@Param('id', ParseUUIDPipe) id: string): Promise<SyncJobView> {
    return view(await this.jobs.retry(id));
  }

  /** Puts every failed job back in its queue. */
  @Post('retry-failed')
  @HttpCode(200)
  async retryAll(): Promise<{ retried: number }> {
    return { retried: await this.jobs.retryFailed() };
  }
}
