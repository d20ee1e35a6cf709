import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { JobRecordsService } from '../jobs/job-records.service';

export interface HealthReport {
  status: 'ok' | 'error';
  database: 'ok' | 'unavailable';
  /** Jobs waiting or running, by queue; absent while the database is unavailable. */
  queue?: { pending: Record<string, number>; failed: number };
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobRecordsService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Whether Hermes can reach its database (503 when it cannot), and its job queue' })
  async health(@Res({ passthrough: true }) res: Response): Promise<HealthReport> {
    if (!(await this.databaseReachable())) {
      res.status(HttpStatus.SERVICE_UNAVAILABLE);
      return { status: 'error', database: 'unavailable' };
    }
    const [pending, failed] = await Promise.all([
      this.jobs.pendingCounts(),
      this.jobs.list({ states: ['failed'], orderBy: 'completed_on', order: 'DESC', offset: 0, limit: 0 }),
    ]);
    return { status: 'ok', database: 'ok', queue: { pending, failed: failed.total } };
  }

  private async databaseReachable(): Promise<boolean> {
    try {
      await this.dataSource.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }
}
