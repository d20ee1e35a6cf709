import { Injectable } from '@nestjs/common';
import { Company, Contact, Deal, PipedriveCreateAttempt, PipedriveGone, SyncedObjectType } from '@hermes/database';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/** The column that holds each kind of Pipedrive object's id; a Meeting's activity has none (its snapshot is the link). */
const LINK_COLUMNS: Record<Exclude<SyncedObjectType, 'activity'>, { entity: EntityTarget<ObjectLiteral>; column: string }> = {
  organization: { entity: Company, column: 'pd_org_id' },
  person: { entity: Contact, column: 'pd_person_id' },
  deal: { entity: Deal, column: 'pd_deal_id' },
};

export type LinkedObjectKind = keyof typeof LINK_COLUMNS;

/** Which Pipedrive object a Hermes record is, as the sync finds, creates or loses them. */
@Injectable()
export class PipedriveLinksService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Records (or, with null, clears) the Pipedrive id of a Company, Contact or Deal, in the caller's transaction. */
  async link(manager: EntityManager, kind: LinkedObjectKind, hermesId: number, pdId: number | null): Promise<void> {
    const { entity, column } = LINK_COLUMNS[kind];
    await manager.update(entity, { id: hermesId }, { [column]: pdId });
  }

  /**
   * The Pipedrive object answered 404/410: recorded as gone (no search picks it again) and unlinked;
   * a deal is marked deleted too, so it is not made again.
   */
  async gone(manager: EntityManager, kind: LinkedObjectKind, hermesId: number, pdId: number): Promise<void> {
    await manager.query('INSERT INTO pipedrive_gone (object_type, pd_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [kind, pdId]);
    await this.link(manager, kind, hermesId, null);
    if (kind === 'deal') await manager.update(Deal, { id: hermesId }, { status: 'deleted' });
  }

  /**
   * Records that a create of this object is about to be sent, before it is; answers whether an
   * earlier attempt's record was still there: that attempt may have reached Pipedrive without its
   * id being saved, so the caller searches before creating. Cleared by `created`.
   */
  async attemptCreate(kind: SyncedObjectType, hermesId: number): Promise<{ earlier: boolean }> {
    const inserted = await this.dataSource.query(
      'INSERT INTO pipedrive_create_attempt (object_type, hermes_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING hermes_id',
      [kind, hermesId],
    );
    return { earlier: inserted.length === 0 };
  }

  /** The object's Pipedrive id is saved (in the caller's transaction): its create attempt is over. */
  async created(manager: EntityManager, kind: SyncedObjectType, hermesId: number): Promise<void> {
    await manager.delete(PipedriveCreateAttempt, { object_type: kind, hermes_id: hermesId });
  }

  /** Whether this Pipedrive object answered 404/410 before. */
  isGone(kind: LinkedObjectKind, pdId: number): Promise<boolean> {
    return this.dataSource.manager.existsBy(PipedriveGone, { object_type: kind, pd_id: pdId });
  }
}
