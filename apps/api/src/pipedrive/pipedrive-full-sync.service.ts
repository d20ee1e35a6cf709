import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Company, CompanySync, PipedriveSyncSnapshot, SyncedObjectType } from '@hermes/database';
import { DataSource, In, MoreThan } from 'typeorm';
import { PipedriveSnapshotsService } from '../core/sync/pipedrive-snapshots.service';
import { changedFields } from './changed-fields.util';
import { CompanyRecords, linkedPayloads, loadCompanyRecords, PayloadContext } from './company-payloads';
import { PipedriveSyncService } from './pipedrive-sync.service';

type Snapshots = Map<string, Pick<PipedriveSyncSnapshot, 'pd_id' | 'payload'>>;

const key = (type: SyncedObjectType, id: number) => `${type}:${id}`;

/** Companies checked at once for being in step. */
export const IN_STEP_BATCH = 1_000;

export interface FullSyncProgress {
  done: number;
  total: number;
}

export interface FullSyncResult {
  /** Companies already in step with what Hermes last sent: nothing sent for them. */
  inStep: number;
  /** Companies synced (failures included). */
  synced: number;
  /** `Company {id}: {error}` for each sync that failed. */
  failures: string[];
}

/**
 * `sync to-pipedrive --all`: every company brought up to date in Pipedrive, IN_STEP_BATCH at a
 * time. Which companies of a batch are in step with what Hermes last sent is decided from the
 * database alone, in a few queries for the whole batch (a sync of one of them would send nothing);
 * only the others are synced, one by one. Each company's payloads are the sync's own
 * (company-payloads.ts), compared with its snapshots as the sync compares them.
 */
@Injectable()
export class PipedriveFullSyncService {
  constructor(
    private readonly sync: PipedriveSyncService,
    private readonly snapshots: PipedriveSnapshotsService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async syncAll(onProgress: (progress: FullSyncProgress) => void = () => undefined): Promise<FullSyncResult> {
    const manager = this.dataSource.manager;
    const total = await manager.count(Company);
    const result: FullSyncResult = { inStep: 0, synced: 0, failures: [] };
    const done = () => onProgress({ done: result.inStep + result.synced, total });
    done();
    for (let lastId = 0; ; ) {
      const companies = await manager.find(Company, { where: { id: MoreThan(lastId) }, order: { id: 'ASC' }, take: IN_STEP_BATCH });
      if (!companies.length) break;
      const inStep = await this.inStep(companies);
      result.inStep += inStep.size;
      done();
      for (const company of companies.filter((c) => !inStep.has(c.id))) {
        try {
          await this.sync.syncCompany(company.id);
        } catch (error) {
          result.failures.push(`Company ${company.id}: ${error instanceof Error ? error.message : String(error)}`);
        }
        result.synced += 1;
        done();
      }
      lastId = companies.at(-1)!.id;
    }
    return result;
  }

  /** The ids of those of `companies` a sync would leave as they are (a batch: a few queries in all). */
  async inStep(companies: Company[]): Promise<Set<number>> {
    const manager = this.dataSource.manager;
    const records = await loadCompanyRecords(manager, companies);
    const context = await this.sync.payloadContext();
    const all = [...records.values()];
    const contactIds = all.flatMap((r) => r.contacts.map((contact) => contact.id));
    const dealIds = all.flatMap((r) => r.deals.map((deal) => deal.id));
    const companyIds = companies.map((company) => company.id);

    const snapshots: Snapshots = new Map();
    for (const [type, ids] of [['organization', companyIds], ['person', contactIds], ['deal', dealIds]] as [SyncedObjectType, number[]][]) {
      for (const [id, snapshot] of await this.snapshots.lastSentAll(type, ids)) snapshots.set(key(type, id), snapshot);
    }
    // Meetings whose activity is not made yet: the sync would make it.
    const newMeetings: { company_id: number }[] = contactIds.length
      ? await manager.query(
          `SELECT DISTINCT c.company_id FROM meeting m JOIN contact c ON c.id = m.contact_id
           WHERE m.contact_id = ANY($1) AND m.status <> 'CANCELED'
             AND NOT EXISTS (SELECT 1 FROM pipedrive_sync_snapshot s WHERE s.object_type = 'activity' AND s.object_id = m.id)`,
          [contactIds],
        )
      : [];
    const withNewMeetings = new Set(newMeetings.map((row) => row.company_id));
    const outcomes = new Map((await manager.findBy(CompanySync, { company_id: In(companyIds) })).map((row) => [row.company_id, row]));

    const inStep = new Set<number>();
    for (const companyRecords of all) {
      const { company } = companyRecords;
      const outcome = outcomes.get(company.id);
      // A failure shown (in the SPA, in Pipedrive's status field) is cleared only by a sync.
      if (outcome?.error || outcome?.pd_status_sent) continue;
      if (withNewMeetings.has(company.id)) continue;
      if (isInStep(companyRecords, context, snapshots)) inStep.add(company.id);
    }
    return inStep;
  }
}

function isInStep(records: CompanyRecords, context: PayloadContext, snapshots: Snapshots): boolean {
  const { company, contacts, deals } = records;
  // Taken out of Pipedrive, or merged away there: a sync sends nothing, unless a narc company still has something to delete.
  if (company.pd_removed && !company.narc) return true;
  if (company.narc) return !company.pd_org_id && contacts.every((c) => !c.pd_person_id) && deals.every((d) => !d.pd_deal_id);
  // Anything not linked yet is a create (a search first, if an earlier create attempt was left
  // unfinished). A linked object's leftover attempt means nothing: the sync never reads it.
  if (!company.pd_org_id || contacts.some((c) => !c.pd_person_id) || deals.some((d) => d.status === 'open' && !d.pd_deal_id)) return false;
  // A deal Hermes lost that Pipedrive was not told about yet.
  for (const deal of deals.filter((d) => d.status === 'lost' && d.pd_deal_id)) {
    const last = snapshots.get(key('deal', deal.id));
    if (last && last.pd_id === deal.pd_deal_id && last.payload.status !== 'lost') return false;
  }
  return linkedPayloads(records, context).every((linked) => {
    const last = snapshots.get(key(linked.type, linked.hermesId));
    return last?.pd_id === linked.pdId && changedFields(last.payload, linked.payload) === null;
  });
}
