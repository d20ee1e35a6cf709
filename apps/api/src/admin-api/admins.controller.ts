import { Body, ConflictException, Delete, Get, NotFoundException, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import type { AdminRequest } from '../auth/admin-session.guard';
import { Admin, Company, Deal, Meeting } from '@hermes/database';
import { DataSource, Not } from 'typeorm';
import { fieldError } from '../common/validation.pipe';
import { AdminApiController, ApiListQuery } from './admin-api.decorator';
import { ParseIdPipe } from './parse-id.pipe';
import { adminColumns, AdminView, adminView, CreateAdminDto, UpdateAdminDto } from './dto/admin.dto';
import { ListSpec, listRows } from './simple-rest.util';

const ROLE_FLAGS = [
  'is_sales_person', 'is_support_person', 'is_bdr_person',
  'sells_payg', 'sells_startup', 'sells_enterprise', 'sells_us', 'sells_gb', 'sells_au', 'sells_ca', 'sells_eu', 'sells_row',
] as const;

const LIST: ListSpec = {
  sortable: Object.fromEntries(
    ['id', 'first_name', 'last_name', 'timezone', 'tc2_admin_id', 'pd_owner_id', ...ROLE_FLAGS].map((f) => [f, `row.${f}`]).concat([['email', 'row.username']]),
  ),
  defaultSort: { field: 'id', order: 'ASC' },
  filters: {
    id: { column: 'row.id', kind: 'int' },
    tc2_admin_id: { column: 'row.tc2_admin_id', kind: 'int' },
    pd_owner_id: { column: 'row.pd_owner_id', kind: 'int' },
    ...Object.fromEntries(ROLE_FLAGS.map((f) => [f, { column: `row.${f}`, kind: 'boolean' as const }])),
  },
  search: ['row.username', 'row.first_name', 'row.last_name'],
};

/** Admins (SPEC.md §9): the staff who sell, support and sign in. */
@AdminApiController('admins')
export class AdminsController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get admins() {
    return this.dataSource.getRepository(Admin);
  }

  @Get()
  @ApiListQuery()
  async list(@Query() query: Record<string, unknown>, @Res({ passthrough: true }) res: Response): Promise<AdminView[]> {
    return (await listRows(res, 'admins', this.admins.createQueryBuilder('row'), query, LIST)).map(adminView);
  }

  @Get(':id')
  async get(@Param('id', ParseIdPipe) id: number): Promise<AdminView> {
    return adminView(await this.find(id));
  }

  @Post()
  async create(@Body() body: CreateAdminDto): Promise<AdminView> {
    await this.checkUnique(body);
    return adminView(await this.admins.save(this.admins.create(adminColumns(body))));
  }

  @Put(':id')
  async update(@Param('id', ParseIdPipe) id: number, @Body() body: UpdateAdminDto): Promise<AdminView> {
    const admin = await this.find(id);
    await this.checkUnique(body, id);
    return adminView(await this.admins.save(this.admins.merge(admin, adminColumns(body))));
  }

  /**
   * Refused for the signed-in admin (it would lock them out mid-session) and while the Admin has
   * companies, deals or meetings: the database would delete those with them.
   */
  @Delete(':id')
  async remove(@Param('id', ParseIdPipe) id: number, @Req() req: AdminRequest): Promise<AdminView> {
    const admin = await this.find(id);
    if (id === req.admin.id) throw new ConflictException('You cannot delete yourself: ask another admin to');
    const [companies, deals, meetings] = await Promise.all([
      this.dataSource.getRepository(Company).count({
        where: [{ sales_person_id: id }, { support_person_id: id }, { bdr_person_id: id }],
      }),
      this.dataSource.getRepository(Deal).countBy({ admin_id: id }),
      this.dataSource.getRepository(Meeting).countBy({ admin_id: id }),
    ]);
    if (companies + deals + meetings) {
      throw new ConflictException(
        `${admin.username} still has ${companies} companies, ${deals} deals and ${meetings} meetings; give them to someone else first`,
      );
    }
    await this.admins.delete(id);
    return adminView(admin);
  }

  private async find(id: number): Promise<Admin> {
    const admin = await this.admins.findOneBy({ id });
    if (!admin) throw new NotFoundException(`No admin ${id}`);
    return admin;
  }

  /** One Admin per email (any case) and per TC2 admin id. */
  private async checkUnique(body: UpdateAdminDto, exceptId?: number): Promise<void> {
    if (body.email !== undefined) {
      const qb = this.admins.createQueryBuilder('admin').where('lower(admin.username) = :email', { email: body.email });
      if (exceptId !== undefined) qb.andWhere('admin.id <> :exceptId', { exceptId });
      const same = await qb.getOne();
      if (same) throw fieldError('email', `is already the email of admin ${same.id}`);
    }
    if (body.tc2_admin_id) {
      const same = await this.admins.findOneBy({ tc2_admin_id: body.tc2_admin_id, ...(exceptId === undefined ? {} : { id: Not(exceptId) }) });
      if (same) throw fieldError('tc2_admin_id', `is already the TC2 admin id of ${same.username}`);
    }
  }
}
