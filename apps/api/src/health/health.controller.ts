import { Controller, Get, HttpStatus, Logger, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { Admin, MIGRATIONS_TABLE } from '@hermes/database';
import { DataSource } from 'typeorm';
import { JobRecordsService } from '../jobs/job-records.service';
import { LifecycleState, ReadinessService } from './readiness.service';

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

export interface ReadinessReport {
  /**
   * `ready`, else why not: `starting`; `draining` (shutting down); `migrating` (the database lacks
   * migrations this version needs: being applied, or still to run); `unavailable` (no database).
   */
  status: 'ready' | Exclude<LifecycleState, 'serving'> | 'migrating' | 'unavailable';
  /** With `migrating`: the migrations not applied. */
  pending?: string[];
}

/**
 * GET /health is liveness for a monitor: 200 only when Hermes can really serve, i.e. its queries work,
 * not just its connection. A read of `admin` goes through the entities as every route does (a
 * corrupted entity mapping once failed every query while `SELECT 1` still worked). GET /health/ready
 * is readiness, for a load balancer.
 */
@ApiTags('health')
@Controller('health')
export class HealthController {
  private readonly logger = new Logger(HealthController.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobRecordsService,
    private readonly readiness: ReadinessService,
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

  /**
   * Readiness: whether a load balancer should send requests here. 503 until the process listens, from
   * the moment it is told to stop (SIGTERM), and while its database lacks a migration it needs.
   */
  @Get('ready')
  @ApiOperation({ summary: 'Whether to send requests here: 200, or 503 while starting, migrating, draining or without a database' })
  async ready(@Res({ passthrough: true }) res: Response): Promise<ReadinessReport> {
    const report = await this.readinessReport();
    if (report.status !== 'ready') res.status(HttpStatus.SERVICE_UNAVAILABLE);
    return report;
  }

  private async readinessReport(): Promise<ReadinessReport> {
    const { state } = this.readiness;
    if (state !== 'serving') return { status: state };
    const pending = await this.check('migrations', () => this.pendingMigrations());
    if (!pending) return { status: 'unavailable' };
    return pending.value.length ? { status: 'migrating', pending: pending.value } : { status: 'ready' };
  }

  /** The migrations this version holds that the database has not recorded (all of them before the first run). */
  private async pendingMigrations(): Promise<string[]> {
    let applied: { name: string }[] = [];
    try {
      applied = await this.dataSource.query(`SELECT name FROM ${MIGRATIONS_TABLE}`);
    } catch (error) {
      // 42P01: no migrations table yet.
      if ((error as { code?: string }).code !== '42P01') throw error;
    }
    const names = new Set(applied.map((row) => row.name));
    return this.dataSource.migrations.map((migration) => migration.name ?? migration.constructor.name).filter((name) => !names.has(name));
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
