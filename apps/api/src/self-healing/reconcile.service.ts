import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Company, CustomField } from '@hermes/database';
import { DataSource, IsNull, MoreThan, Not } from 'typeorm';
import { comparable } from '../core/from-pipedrive/pipedrive-values.util';
import { MetricsService } from '../metrics/metrics.service';
import { PipedriveSnapshotsService, SentPayload } from '../core/sync/pipedrive-snapshots.service';
import { LinkedObjectKind } from '../core/sync/pipedrive-links.service';
import { PdListedEntity, PipedriveClient } from '../pipedrive/pipedrive.client';
import { LinkedPayload } from '../pipedrive/company-payloads';
import { PipedriveSyncService } from '../pipedrive/pipedrive-sync.service';
import { PipedriveWebhookService } from '../pipedrive-webhook/pipedrive-webhook.service';

/**
 * Who wins a field that differs: Pipedrive when its value is not what Hermes last sent (someone
 * changed it there and the webhook was lost), Hermes when Pipedrive still holds what Hermes sent
 * (Hermes changed since and the push was lost); an object Pipedrive no longer has is gone there.
 */
export type DriftResolution = 'pipedrive → hermes' | 'hermes → pipedrive' | 'gone in Pipedrive';

export interface Drift {
  object: LinkedObjectKind;
  companyId: number;
  hermesId: number;
  pdId: number;
  /** Pipedrive's name for the field (a custom field by its name); '-' for an object that is gone. */
  field: string;
  hermes: string;
  pipedrive: string;
  resolution: DriftResolution;
}

export interface ReconcileReport {
  compared: Record<PdListedEntity, number>;
  drifts: Drift[];
  /** Companies fixed (with `fix`), and those whose fix failed. */
  fixed: number;
  problems: string[];
  /** Pipedrive requests the run made. */
  requests: number;
}

export interface ReconcileProgress {
  stage: 'listing' | 'comparing' | 'fixing';
  done: number;
  total: number;
}

type PdObject = { id: number } & Record<string, unknown>;

const BATCH = 200;

/**
 * `hermes reconcile`: every linked company, contact and deal compared field by field with what
 * Pipedrive holds (read with paged list requests, not one request per object), and with `fix`
 * each drift healed by the ownership rules (docs/field-ownership.md): Pipedrive's changes applied
 * as the catch-up applies them, Hermes' values pushed by a sync, objects gone there applied as
 * their deletes.
 */
@Injectable()
export class ReconcileService {
  constructor(
    private readonly pipedrive: PipedriveClient,
    private readonly sync: PipedriveSyncService,
    private readonly snapshots: PipedriveSnapshotsService,
    private readonly webhooks: PipedriveWebhookService,
    private readonly metrics: MetricsService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async run(options: { fix?: boolean; onProgress?: (progress: ReconcileProgress) => void } = {}): Promise<ReconcileReport> {
    const { result: report, requests } = await this.pipedrive.countRequests(() => this.compareAndFix(options));
    return { ...report, requests };
  }

  private async compareAndFix({ fix = false, onProgress = () => undefined }: { fix?: boolean; onProgress?: (progress: ReconcileProgress) => void }): Promise<ReconcileReport> {
    onProgress({ stage: 'listing', done: 0, total: 3 });
    const held: Record<LinkedObjectKind, Map<number, PdObject>> = {
      organization: byId(await this.pipedrive.listOrganizations()),
      person: byId(await this.pipedrive.listPersons()),
      deal: byId(await this.pipedrive.listDeals()),
    };
    onProgress({ stage: 'listing', done: 3, total: 3 });
    const names = new Map((await this.dataSource.manager.find(CustomField)).map((field) => [field.pd_field_id, field.name]));

    const report: ReconcileReport = { compared: { organization: 0, person: 0, deal: 0 }, drifts: [], fixed: 0, problems: [], requests: 0 };
    const where = { pd_org_id: Not(IsNull()), narc: false, pd_removed: IsNull() };
    const total = await this.dataSource.manager.countBy(Company, where);
    const drifted = new Map<number, Drift[]>();
    const payloads = new Map<string, LinkedPayload>();
    let done = 0;
    for (let lastId = 0; ; ) {
      const companies = await this.dataSource.manager.find(Company, { where: { ...where, id: MoreThan(lastId) }, order: { id: 'ASC' }, take: BATCH });
      if (!companies.length) break;
      const linkedOf = await this.sync.linkedPayloads(companies);
      for (const company of companies) {
        for (const linked of linkedOf.get(company.id) ?? []) {
          report.compared[linked.type] += 1;
          const drifts = await this.compare(linked, held[linked.type].get(linked.pdId), names);
          if (!drifts.length) continue;
          drifted.set(company.id, [...(drifted.get(company.id) ?? []), ...drifts]);
          payloads.set(objectKey(linked.type, linked.pdId), linked);
        }
        onProgress({ stage: 'comparing', done: ++done, total });
      }
      lastId = companies.at(-1)!.id;
    }
    report.drifts = [...drifted.values()].flat();
    for (const drift of report.drifts) this.metrics.driftFound(drift.object);

    if (fix) {
      let fixing = 0;
      for (const [companyId, drifts] of drifted) {
        try {
          await this.fix(drifts, held, payloads);
          report.fixed += 1;
          for (const drift of drifts) this.metrics.driftHealed(drift.object);
        } catch (error) {
          report.problems.push(`Company ${companyId}: ${(error as Error).message}`);
        }
        onProgress({ stage: 'fixing', done: ++fixing, total: drifted.size });
      }
    }
    return report;
  }

  private async compare(linked: LinkedPayload, held: PdObject | undefined, names: Map<string | null, string>): Promise<Drift[]> {
    const base = { object: linked.type, companyId: linked.companyId, hermesId: linked.hermesId, pdId: linked.pdId };
    if (!held) return [{ ...base, field: '-', hermes: 'linked', pipedrive: 'not found', resolution: 'gone in Pipedrive' }];
    const sent = await this.snapshots.lastSent<SentPayload>(linked.type, linked.hermesId, linked.pdId);
    const { custom_fields: custom = {}, ...standard } = linked.payload as { custom_fields?: Record<string, unknown> } & Record<string, unknown>;
    const heldCustom = (held.custom_fields ?? {}) as Record<string, unknown>;
    const sentFields = (sent ?? {}) as Record<string, unknown>;
    const fields = [
      ...Object.entries(standard).map(([key, value]) => ({ name: key, hermes: value, pipedrive: held[key], sent: sentFields[key] })),
      ...Object.entries(custom).map(([key, value]) => ({ name: names.get(key) ?? key, hermes: value, pipedrive: heldCustom[key], sent: sent?.custom_fields?.[key] })),
    ];
    return fields
      .filter((field) => comparable(field.hermes) !== comparable(field.pipedrive))
      .map((field) => ({
        ...base,
        field: field.name,
        hermes: comparable(field.hermes),
        pipedrive: comparable(field.pipedrive),
        resolution: sent && comparable(field.sent) !== comparable(field.pipedrive) ? 'pipedrive → hermes' : 'hermes → pipedrive',
      }));
  }

  /**
   * One company's drifts healed: Pipedrive's changes and deletions applied first (as the catch-up
   * would), then Hermes' own values pushed: the snapshot learns what Pipedrive really holds, so the
   * sync's diff sends exactly the fields that differ.
   */
  private async fix(drifts: Drift[], held: Record<LinkedObjectKind, Map<number, PdObject>>, payloads: Map<string, LinkedPayload>): Promise<void> {
    const objects = new Map(drifts.map((drift) => [objectKey(drift.object, drift.pdId), drift]));
    for (const drift of objects.values()) {
      const ofObject = drifts.filter((d) => d.object === drift.object && d.pdId === drift.pdId);
      if (drift.resolution === 'gone in Pipedrive') {
        await this.webhooks.applyCaughtUp(drift.object, { id: drift.pdId, is_deleted: true, update_time: null });
        continue;
      }
      const object = held[drift.object].get(drift.pdId)!;
      if (ofObject.some((d) => d.resolution === 'pipedrive → hermes')) await this.webhooks.applyCaughtUp(drift.object, object);
      if (ofObject.some((d) => d.resolution === 'hermes → pipedrive')) {
        // Only the fields Hermes sends: any other in the snapshot would be cleared by the next sync.
        const { custom_fields: sentCustom = {}, ...sent } = payloads.get(objectKey(drift.object, drift.pdId))!.payload as { custom_fields?: object };
        const heldCustom = (object.custom_fields ?? {}) as Record<string, unknown>;
        await this.snapshots.learn(this.dataSource.manager, drift.object, drift.hermesId, drift.pdId, {
          fields: Object.fromEntries(Object.keys(sent).map((key) => [key, object[key]])),
          custom_fields: Object.fromEntries(Object.keys(sentCustom).map((key) => [key, heldCustom[key] ?? null])),
        });
      }
    }
    await this.sync.syncCompany(drifts[0].companyId);
  }
}

const objectKey = (type: LinkedObjectKind, pdId: number) => `${type}:${pdId}`;

function byId(objects: object[]): Map<number, PdObject> {
  return new Map((objects as PdObject[]).map((object) => [object.id, object]));
}
