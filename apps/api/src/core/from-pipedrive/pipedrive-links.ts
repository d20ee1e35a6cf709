import { Admin, Company } from '@hermes/database';
import { EntityManager, EntityTarget, FindOptionsWhere, ObjectLiteral } from 'typeorm';
import { ChangeOutcome, PipedriveChange } from './pipedrive-change';
import { hermesIdsOf, idOf } from './pipedrive-values.util';

type Linkable = ObjectLiteral & { id: number };

/**
 * The Hermes object a change is about: the one its `hermes_id` names, else the one linked to its
 * Pipedrive id. A `hermes_id` of several ids (a merge in Pipedrive) means the object linked to this
 * Pipedrive id, or the first id when none is. `hermesIdWrong` says Pipedrive should be told the id.
 */
export async function findLinked<T extends Linkable>(
  manager: EntityManager,
  target: EntityTarget<T>,
  pdColumn: keyof T & string,
  change: PipedriveChange,
  hermesIdKey: string | undefined,
): Promise<{ object: T | null; hermesIdWrong: boolean }> {
  const hermesIds = hermesIdKey ? hermesIdsOf(change.data?.[hermesIdKey] ?? change.previous?.[hermesIdKey]) : [];
  const linked = await manager.findOneBy(target, { [pdColumn]: change.pdId } as FindOptionsWhere<T>);
  let object: T | null = null;
  if (hermesIds.length > 1) object = linked ?? (await manager.findOneBy(target, { id: hermesIds[0] } as FindOptionsWhere<T>));
  else if (hermesIds.length === 1) object = await manager.findOneBy(target, { id: hermesIds[0] } as FindOptionsWhere<T>);
  object ??= linked;
  const hermesIdWrong = object !== null && !(hermesIds.length === 1 && hermesIds[0] === object.id);
  return { object, hermesIdWrong };
}

/**
 * Links `object` (not saved) to a Pipedrive id; an object linked to it before (another Hermes object
 * claiming the same Pipedrive one) loses the link, as the unique constraint allows only one.
 */
export async function link<T extends Linkable>(
  manager: EntityManager,
  target: EntityTarget<T>,
  pdColumn: keyof T & string,
  object: T,
  pdId: number,
): Promise<void> {
  if (object[pdColumn] === pdId) return;
  await manager
    .createQueryBuilder()
    .update(target)
    .set({ [pdColumn]: null } as never)
    .where(object.id === undefined ? `${pdColumn} = :pdId` : `${pdColumn} = :pdId AND id <> :id`, { pdId, id: object.id })
    .execute();
  (object as Record<string, unknown>)[pdColumn] = pdId;
}

/**
 * A merge's delete (`merged_to_id`): the Hermes object linked to the absorbed Pipedrive object is
 * kept. It follows the survivor when no other Hermes object is linked to it; else it is unlinked,
 * and `onSurvivorTaken` (when given) deals with it instead (a company is marked, not re-created).
 */
export async function followMerge<T extends Linkable>(
  manager: EntityManager,
  target: EntityTarget<T>,
  pdColumn: keyof T & string,
  change: PipedriveChange,
  label: string,
  onSurvivorTaken?: (absorbed: T) => Promise<void>,
): Promise<ChangeOutcome> {
  const absorbed = await manager.findOneBy(target, { [pdColumn]: change.pdId } as FindOptionsWhere<T>);
  if (!absorbed) return { outcome: 'ignored', reason: `merged into ${change.mergedToId}; Hermes had nothing linked to ${change.pdId}` };
  const survivorTaken = await manager.existsBy(target, { [pdColumn]: change.mergedToId } as FindOptionsWhere<T>);
  if (survivorTaken && onSurvivorTaken) await onSurvivorTaken(absorbed);
  else await manager.update(target, absorbed.id, { [pdColumn]: survivorTaken ? null : change.mergedToId } as never);
  return {
    outcome: 'applied',
    hermesId: absorbed.id,
    companyId: typeof absorbed.company_id === 'number' ? absorbed.company_id : absorbed.id,
    reason: survivorTaken
      ? `merged into ${change.mergedToId}, which is linked to another Hermes ${label}: this one was ${onSurvivorTaken ? 'marked as merged away' : 'unlinked'}, not deleted`
      : `merged into ${change.mergedToId}: now linked to it`,
  };
}

/** The Admin whose Pipedrive user is `pdOwnerId`. */
export function adminByOwner(manager: EntityManager, pdOwnerId: number | null): Promise<Admin | null> {
  return pdOwnerId === null ? Promise.resolve(null) : manager.findOneBy(Admin, { pd_owner_id: pdOwnerId });
}

/** The Company of a person's or deal's organization; what to log instead when Hermes has none. */
export async function companyOfOrganization(manager: EntityManager, change: PipedriveChange): Promise<Company | ChangeOutcome> {
  const orgId = idOf(change.data!.org_id);
  const company = orgId === null ? null : await manager.findOneBy(Company, { pd_org_id: orgId });
  if (company) return company;
  return {
    outcome: 'ignored',
    reason: orgId === null ? `the ${change.entity} has no organization` : `organization ${orgId} is not linked to a Hermes company`,
  };
}
