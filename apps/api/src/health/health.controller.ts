import { Controller, Get, HttpStatus, Logger, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { Admin } from '@hermes/database';
import { DataSource } from 'typeorm';
import { JobRecordsService } from '../jobs/job-records.service';

type QueueReport = { pending: Record<string, number>; failed: number };

export interface HealthReport {
  status: 'ok' | 'error';
  /** Whether Postgres answers at all. */
  database: 'ok' | 'unavailable';
  /** The checks that failed although Postgres answers (their errors are logged). */
  failing?: ('admin table' | 'job queue')[];
  /** Jobs waiting or running, by queue, and failed jobs; absent when they cannot be read. */
  queue?: QueueReport;
}

/**
 * Liveness for a load balancer or monitor: 200 only when Hermes can really serve, i.e. its queries
 * work, not just its connection. A read of `admin` goes through the entities as every route does
 * (a corrupted entity mapping once failed every query while `SELECT 1` still worked).
 */
@ApiTags('health')
@Controller('health')
export class HealthController {
  private readonly logger = new Logger(HealthController.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobRecordsService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Whether Hermes can query its database and job queue (503 naming what fails), and the queue' })
  async health(@Res({ passthrough: true }) res: Response): Promise<HealthReport> {
    if (!(await this.check('database', () => this.dataSource.query('SELECT 1')))) {
      res.status(HttpStatus.SERVICE_UNAVAILABLE);
      return { status: 'error', database: 'unavailable' };
    }
    const [admins, queue] = await Promise.all([
      this.check('admin table', () => this.dataSource.getRepository(Admin).find({ take: 1 })),
      this.check('job queue', () => this.queueReport()),
    ]);
    const failing = [...(admins ? [] : ['admin table' as const]), ...(queue ? [] : ['job queue' as const])];
    if (failing.length) {
      res.status(HttpStatus.SERVICE_UNAVAILABLE);
      return { status: 'error', database: 'ok', failing, ...(queue && { queue: queue.value }) };
    }
    return { status: 'ok', database: 'ok', queue: queue!.value };
  }

  private async queueReport(): Promise<QueueReport> {
    const [pending, failed] = await Promise.all([
      this.jobs.pendingCounts(),
      this.jobs.list({ states: ['failed'], orderBy: 'completed_on', order: 'DESC', offset: 0, limit: 0 }),
    ]);
    return { pending, failed: failed.total };
  }

  /** The check's result, or undefined (and a warning in the log) when it throws. */
  private async check<T>(name: string, run: () => Promise<T>): Promise<{ value: T } | undefined> {
    try {
      return { value: await run() };
    } catch (error) {
      this.logger.warn(`Health check failed: ${name}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }
}
