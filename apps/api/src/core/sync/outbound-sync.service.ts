import { Injectable } from '@nestjs/common';
import { Company } from '@hermes/database';
import { EntityManager } from 'typeorm';
import { JobQueueService } from '../../jobs/job-queue.service';

/**
 * The jobs that carry Hermes' changes to the other systems. The core enqueues them, in the
 * transaction of the change that needs them (an aborted change sends nothing); the Pipedrive and
 * TC2 modules define how they run (see docs/architecture.md, "Jobs").
 */
export const PIPEDRIVE_COMPANY_SYNC_JOB = 'pipedrive.company-sync';
export interface PipedriveCompanySync {
  companyId: number;
}

export const TC2_CLIENT_UPDATE_JOB = 'tc2.client-update';
export interface Tc2ClientUpdate {
  companyId: number;
}

/** Enqueues the syncs a change to Hermes' records needs; only the core calls it. */
@Injectable()
export class OutboundSyncService {
  constructor(private readonly jobs: JobQueueService) {}

  /**
   * The Company's sync to Pipedrive (or purge, for a `narc` company). Call it after every change to
   * the company, its contacts, deals or meetings; a burst of calls costs one or two runs.
   */
  async pipedrive(companyId: number, manager: EntityManager): Promise<void> {
    await this.jobs.enqueue<PipedriveCompanySync>(PIPEDRIVE_COMPANY_SYNC_JOB, { companyId }, manager);
  }

  /**
   * For an event about the company that changed nothing because a later one was applied already:
   * its burst is still arriving, so a sync already waiting waits for the burst's end.
   */
  async postponePipedrive(companyId: number, manager: EntityManager): Promise<void> {
    await this.jobs.postpone<PipedriveCompanySync>(PIPEDRIVE_COMPANY_SYNC_JOB, { companyId }, manager);
  }

  /** The push of the Company back to its TC2 client; companies that did not come from TC2 have none. */
  async tc2(company: Pick<Company, 'id' | 'tc2_cligency_id'>, manager: EntityManager): Promise<void> {
    if (company.tc2_cligency_id) await this.jobs.enqueue<Tc2ClientUpdate>(TC2_CLIENT_UPDATE_JOB, { companyId: company.id }, manager);
  }
}
