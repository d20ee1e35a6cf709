import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Admin, Company, Deal, Meeting } from '@hermes/database';
import { DataSource, EntityManager, In, Not } from 'typeorm';
import { HermesError } from '../hermes-error';

/** An Admin's columns as callers give them; `username` is their Google email. */
export type AdminFields = Partial<Omit<Admin, 'id' | 'password'>>;
export type NewAdmin = AdminFields & Pick<Admin, 'username'>;

/** Where a Company's three people come from in a TC2 client, and the column each fills. */
export const TC2_ADMIN_ROLES = { sales_person: 'sales_person_id', associated_admin: 'support_person_id', bdr_person: 'bdr_person_id' } as const;
export type Tc2AdminRole = keyof typeof TC2_ADMIN_ROLES;

/**
 * The rules about Admins, for the SPA and the CLI alike: one Admin per email (they sign in with it,
 * any case) and per TC2 admin id, and no deletion that would take companies, deals or meetings with it.
 */
@Injectable()
export class AdminsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get admins() {
    return this.dataSource.getRepository(Admin);
  }

  async get(id: number): Promise<Admin> {
    const admin = await this.admins.findOneBy({ id });
    if (!admin) throw new HermesError('record-not-found', `No admin ${id}`);
    return admin;
  }

  /** A new Admin; with `id` only where it must be that one (the sandbox's demo admins have the ids the website names). */
  async create(fields: NewAdmin, id?: number): Promise<Admin> {
    if (id !== undefined && (await this.admins.existsBy({ id }))) throw new HermesError('already-taken', `Admin ${id} already exists`, 'id', `is already admin ${id}`);
    const admin = this.admins.create(normalized(fields));
    await this.checkUnique(admin);
    if (id === undefined) return this.admins.save(admin);
    return this.dataSource.transaction(async (manager) => {
      // TypeORM always lets the sequence choose a new row's id: the row is renumbered, and the
      // sequence moved past the id, so later Admins get free ones.
      const saved = await manager.save(admin);
      await manager.query('UPDATE admin SET id = $1 WHERE id = $2', [id, saved.id]);
      await manager.query(`SELECT setval(pg_get_serial_sequence('admin', 'id'), (SELECT max(id) FROM admin))`);
      return manager.findOneByOrFail(Admin, { id });
    });
  }

  async update(id: number, fields: AdminFields): Promise<Admin> {
    const admin = this.admins.merge(await this.get(id), normalized(fields));
    await this.checkUnique(admin);
    return this.admins.save(admin);
  }

  /**
   * Refused for the admin asking (it would lock them out mid-session) and while the Admin has
   * companies, deals or meetings: the database would delete those with them.
   */
  async delete(id: number, requestedBy: number | null): Promise<Admin> {
    const admin = await this.get(id);
    if (id === requestedBy) throw new HermesError('delete-refused', 'You cannot delete yourself: ask another admin to');
    const [companies, deals, meetings] = await Promise.all([
      this.dataSource.getRepository(Company).count({ where: [{ sales_person_id: id }, { support_person_id: id }, { bdr_person_id: id }] }),
      this.dataSource.getRepository(Deal).countBy({ admin_id: id }),
      this.dataSource.getRepository(Meeting).countBy({ admin_id: id }),
    ]);
    if (companies + deals + meetings) {
      throw new HermesError(
        'delete-refused',
        `${admin.username} still has ${companies} companies, ${deals} deals and ${meetings} meetings; give them to someone else first`,
      );
    }
    await this.admins.delete(id);
    return admin;
  }

  /**
   * The Admins a TC2 client names, by TC2 admin id, as the Company's three columns (a role the
   * client leaves out or nulls is null). An id no Admin has is `unknown-admin`, naming
   * `{field}.{role}.id` when the caller sent the client (`field`), or only the role when not.
   */
  async resolveTc2Admins(
    refs: Partial<Record<Tc2AdminRole, number | null>>,
    field: string | null,
    manager: EntityManager,
  ): Promise<Record<(typeof TC2_ADMIN_ROLES)[Tc2AdminRole], number | null>> {
    const resolved = { sales_person_id: null as number | null, support_person_id: null as number | null, bdr_person_id: null as number | null };
    const roles = (Object.keys(TC2_ADMIN_ROLES) as Tc2AdminRole[]).filter((role) => refs[role] !== null && refs[role] !== undefined);
    const admins = roles.length
      ? await manager.find(Admin, { select: { id: true, tc2_admin_id: true }, where: { tc2_admin_id: In(roles.map((role) => refs[role]!)) } })
      : [];
    for (const role of roles) {
      const admin = admins.find((a) => a.tc2_admin_id === refs[role]);
      if (!admin) {
        const problem = `no admin has TC2 admin id ${refs[role]}`;
        throw field ? HermesError.field(`${field}.${role}.id`, problem, 'unknown-admin') : new HermesError('unknown-admin', `The TC2 client's ${role}: ${problem}`);
      }
      resolved[TC2_ADMIN_ROLES[role]] = admin.id;
    }
    return resolved;
  }

  private async checkUnique(admin: Admin): Promise<void> {
    const others = admin.id === undefined ? {} : { id: Not(admin.id) };
    const sameEmail = await this.admins
      .createQueryBuilder('admin')
      .where('lower(admin.username) = :email', { email: admin.username })
      .andWhere(admin.id === undefined ? 'true' : 'admin.id <> :id', { id: admin.id })
      .getOne();
    if (sameEmail) {
      const message = `An admin with the email ${admin.username} already exists (id ${sameEmail.id})`;
      throw new HermesError('already-taken', message, 'email', `is already the email of admin ${sameEmail.id}`);
    }
    if (admin.tc2_admin_id) {
      const sameTc2 = await this.admins.findOneBy({ tc2_admin_id: admin.tc2_admin_id, ...others });
      if (sameTc2) {
        const message = `The TC2 admin id ${admin.tc2_admin_id} is already ${sameTc2.username}'s`;
        throw new HermesError('already-taken', message, 'tc2_admin_id', `is already the TC2 admin id of ${sameTc2.username}`);
      }
    }
  }
}

/** Emails are compared and kept trimmed and lower-cased: Google's are case-insensitive. */
function normalized<T extends AdminFields>(fields: T): T {
  return fields.username === undefined ? fields : { ...fields, username: fields.username.trim().toLowerCase() };
}
