import { Body, Delete, Get, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Admin, ADMIN_ROLE_FLAGS } from '@hermes/database';
import type { AdminRequest } from '../auth/admin-session.guard';
import { AdminsService } from '../core/admins/admins.service';
import { RecordQueriesService } from '../core/records/record-queries.service';
import { AdminApiController, ApiListQuery } from './admin-api.decorator';
import { ParseIdPipe } from './parse-id.pipe';
import { adminColumns, AdminView, adminView, CreateAdminDto, UpdateAdminDto } from './dto/admin.dto';
import { listed, ListSpec } from './simple-rest.util';

const LIST: ListSpec = {
  sortable: Object.fromEntries(
    ['id', 'first_name', 'last_name', 'timezone', 'tc2_admin_id', 'pd_owner_id', ...ADMIN_ROLE_FLAGS].map((f) => [f, `row.${f}`]).concat([['email', 'row.username']]),
  ),
  defaultSort: { field: 'id', order: 'ASC' },
  filters: {
    id: { column: 'row.id', kind: 'int' },
    tc2_admin_id: { column: 'row.tc2_admin_id', kind: 'int' },
    pd_owner_id: { column: 'row.pd_owner_id', kind: 'int' },
    ...Object.fromEntries(ADMIN_ROLE_FLAGS.map((f) => [f, { column: `row.${f}`, kind: 'boolean' as const }])),
  },
  search: ['row.username', 'row.first_name', 'row.last_name'],
};

/** Admins: the staff who sell, support and sign in. The rules are AdminsService's, shared with the CLI. */
@AdminApiController('admins')
export class AdminsController {
  constructor(
    private readonly admins: AdminsService,
    private readonly records: RecordQueriesService,
  ) {}

  @Get()
  @ApiListQuery()
  async list(@Query() raw: Record<string, unknown>, @Res({ passthrough: true }) res: Response): Promise<AdminView[]> {
    return (await listed(res, 'admins', raw, LIST, (query) => this.records.list(Admin, query, LIST))).map(adminView);
  }

  @Get(':id')
  async get(@Param('id', ParseIdPipe) id: number): Promise<AdminView> {
    return adminView(await this.admins.get(id));
  }

  @Post()
  async create(@Body() body: CreateAdminDto): Promise<AdminView> {
    return adminView(await this.admins.create({ ...adminColumns(body), username: body.email }));
  }

  @Put(':id')
  async update(@Param('id', ParseIdPipe) id: number, @Body() body: UpdateAdminDto): Promise<AdminView> {
    return adminView(await this.admins.update(id, adminColumns(body)));
  }

  @Delete(':id')
  async remove(@Param('id', ParseIdPipe) id: number, @Req() req: AdminRequest): Promise<AdminView> {
    return adminView(await this.admins.delete(id, req.admin.id));
  }
}
