import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { HermesError } from '../core/hermes-error';
import { JobQueueService } from './job-queue.service';
import { countPending, JobListOptions, JobRecord, Query, selectJob, selectJobs, selectPendingKeys } from './pgboss-tables';

/** The jobs as people look at them (the SPA's sync jobs, /health, `hermes jobs`): read, and failed ones retried. */
@Injectable()
export class JobRecordsService {
  private readonly query: Query;

  constructor(
    private readonly queue: JobQueueService,
    @InjectDataSource() dataSource: DataSource,
  ) {
    this.query = (sql, params) => dataSource.query(sql, params);
  }

  /** One page of jobs in the given states, and how many there are in all. */
  async list(options: JobListOptions): Promise<{ jobs: JobRecord[]; total: number }> {
    await this.queue.start();
    return selectJobs(this.query, options);
  }

  async get(id: string): Promise<JobRecord | null> {
    await this.queue.start();
    return selectJob(this.query, id);
  }

  /** The job, or `record-not-found`. */
  async find(id: string): Promise<JobRecord> {
    const job = await this.get(id);
    if (!job) throw new HermesError('record-not-found', `No job ${id}`);
    return job;
  }

  /** Puts one failed job back in its queue; a job that has not failed is refused. */
  async retry(id: string): Promise<JobRecord> {
    const job = await this.find(id);
    if (job.state !== 'failed') throw new HermesError('wrong-state', `Job ${id} is ${job.state}, not failed`);
    await this.retryFailed([id]);
    return this.find(id);
  }

  /** Failed jobs (only those with these ids, when given), the latest first. */
  async failed(ids?: readonly string[]): Promise<JobRecord[]> {
    return (await this.list({ states: ['failed'], ids, orderBy: 'completed_on', order: 'DESC', offset: 0, limit: null })).jobs;
  }

  /** Jobs not yet finished, by queue. */
  async pendingCounts(): Promise<Record<string, number>> {
    await this.queue.start();
    return countPending(this.query);
  }

  /** Which of these values of a data key (e.g. companyId) a job of this queue, not yet finished, carries. */
  async pendingFor(name: string, dataKey: string, values: (string | number)[]): Promise<Set<string>> {
    await this.queue.start();
    return selectPendingKeys(this.query, name, dataKey, values.map(String));
  }

  /** Puts failed jobs (those named, else all) back in their queues; returns how many. */
  async retryFailed(ids?: readonly string[]): Promise<number> {
    const failed = await this.failed(ids);
    for (const name of new Set(failed.map((job) => job.name))) {
      await this.queue.retry(name, failed.filter((job) => job.name === name).map((job) => job.id));
    }
    return failed.length;
  }
}
