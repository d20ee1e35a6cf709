import { Injectable } from '@nestjs/common';
import { Company, Contact, Deal, SyncedObjectType } from '@hermes/database';
import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

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
  /** Records (or, with null, clears) the Pipedrive id of a Company, Contact or Deal, in the caller's transaction. */
  async link(manager: EntityManager, kind: LinkedObjectKind, hermesId: number, pdId: number | null): Promise<void> {
    const { entity, column } = LINK_COLUMNS[kind];
    await manager.update(entity, { id: hermesId }, { [column]: pdId });
  }
}
