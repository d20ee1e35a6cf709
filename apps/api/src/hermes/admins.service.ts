import { ConflictException, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Admin } from '@hermes/database';
import { Repository } from 'typeorm';

export type NewAdmin = Pick<Admin, 'username'> & Partial<Omit<Admin, 'id' | 'username'>>;

@Injectable()
export class AdminsService {
  constructor(@InjectRepository(Admin) private readonly admins: Repository<Admin>) {}

  /** Admins sign in with Google, so their email is their identity: one Admin per email. */
  async create(fields: NewAdmin): Promise<Admin> {
    const username = fields.username.trim().toLowerCase();
    const existing = await this.admins
      .createQueryBuilder('admin')
      .where('lower(admin.username) = :username', { username })
      .getOne();
    if (existing) throw new ConflictException(`An admin with the email ${username} already exists (id ${existing.id})`);
    return this.admins.save(this.admins.create({ ...fields, username }));
  }
}
