import { Body, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Company, Contact, Deal, DEAL_STATUSES, Meeting, MEETING_STATUSES, MEETING_TYPES, PD_REMOVALS, PRICE_PLANS } from '@hermes/database';
import { HermesConfig } from '../config/hermes-config';
import { CompaniesService } from '../core/companies/companies.service';
import { RecordQueriesService } from '../core/records/record-queries.service';
import { CompanySyncStatus, CompanySyncViewService } from '../self-healing/company-sync-view.service';
import { AdminApiController, ApiListQuery } from './admin-api.decorator';
import { UpdateCompanyDto } from './dto/company.dto';
import { ParseIdPipe } from './parse-id.pipe';
import { companyLinks, contactLinks, dealLinks, Links } from './record-links.util';
import { FilterKind, listed, ListSpec } from './simple-rest.util';

// Companies, Contacts, Deals and Meetings: Hermes' own records, searchable here; they change through
// TC2, Pipedrive and the callbooker, and a company's people, plan and a few more can be corrected here.

function columns(names: string[], kind: FilterKind): ListSpec['filters'] {
  return Object.fromEntries(names.map((name) => [name, { column: `row.${name}`, kind }]));
}

function sortable(names: string[]): ListSpec['sortable'] {
  return Object.fromEntries(names.map((name) => [name, `row.${name}`]));
}

const COMPANIES: ListSpec = {
  sortable: sortable(['id', 'name', 'created', 'price_plan', 'tc2_status', 'country', 'paid_invoice_count', 'pd_org_id', 'tc2_cligency_id']),
  defaultSort: { field: 'id', order: 'DESC' },
  filters: {
    ...columns(['id', 'sales_person_id', 'support_person_id', 'bdr_person_id', 'tc2_agency_id', 'tc2_cligency_id', 'pd_org_id'], 'int'),
    ...columns(['tc2_status', 'country'], 'string'),
    ...columns(['narc', 'has_booked_call', 'has_signed_up'], 'boolean'),
    price_plan: { column: 'row.price_plan', kind: { oneOf: PRICE_PLANS } },
    pd_removed: { column: 'row.pd_removed', kind: { oneOf: PD_REMOVALS } },
  },
  search: ['row.name', 'row.website'],
  searchIds: ['row.tc2_cligency_id', 'row.pd_org_id'],
};

type CompanyView = Company & Links & { sync: CompanySyncStatus };

@AdminApiController('companies')
export class CompaniesController {
  constructor(
    private readonly records: RecordQueriesService,
    private readonly companies: CompaniesService,
    private readonly syncView: CompanySyncViewService,
    private readonly config: HermesConfig,
  ) {}

  @Get()
  @ApiListQuery()
  async list(@Query() raw: Record<string, unknown>, @Res({ passthrough: true }) res: Response): Promise<CompanyView[]> {
    const rows = await listed(res, 'companies', raw, COMPANIES, (query) => this.records.list(Company, query, COMPANIES));
    return this.views(rows);
  }

  @Get(':id')
  async get(@Param('id', ParseIdPipe) id: number): Promise<CompanyView> {
    return (await this.views([await this.records.get(Company, id, 'company')]))[0];
  }

  /** Corrects a company; the syncs the change needs are queued with it. */
  @Put(':id')
  async update(@Param('id', ParseIdPipe) id: number, @Body() body: UpdateCompanyDto): Promise<CompanyView> {
    return (await this.views([await this.companies.updateFromAdmin(id, body)]))[0];
  }

  /** Puts back in Pipedrive a company whose organization was deleted or merged away there. */
  @Post(':id/restore')
  @HttpCode(200)
  async restore(@Param('id', ParseIdPipe) id: number): Promise<CompanyView> {
    return (await this.views([await this.companies.restoreToPipedrive(id)]))[0];
  }

  /** Each company with its links and where it stands with Pipedrive. */
  private async views(companies: Company[]): Promise<CompanyView[]> {
    const statuses = await this.syncView.statuses(companies);
    return companies.map((company) => ({
      ...company,
      ...companyLinks(company, this.config.pipedrive.baseUrl, this.config.tc2.baseUrl),
      sync: statuses.get(company.id)!,
    }));
  }
}

const CONTACTS: ListSpec = {
  sortable: sortable(['id', 'first_name', 'last_name', 'email', 'created', 'country', 'company_id']),
  defaultSort: { field: 'id', order: 'DESC' },
  filters: { ...columns(['id', 'company_id', 'tc2_sr_id', 'pd_person_id'], 'int'), ...columns(['country'], 'string') },
  search: ['row.first_name', 'row.last_name', 'row.email', 'row.phone', "concat_ws(' ', row.first_name, row.last_name)"],
};

@AdminApiController('contacts')
export class ContactsController {
  constructor(
    private readonly records: RecordQueriesService,
    private readonly config: HermesConfig,
  ) {}

  @Get()
  @ApiListQuery()
  async list(@Query() raw: Record<string, unknown>, @Res({ passthrough: true }) res: Response): Promise<(Contact & Links)[]> {
    const rows = await listed(res, 'contacts', raw, CONTACTS, (query) => this.records.list(Contact, query, CONTACTS));
    return rows.map((row) => ({ ...row, ...contactLinks(row, this.config.pipedrive.baseUrl) }));
  }

  @Get(':id')
  async get(@Param('id', ParseIdPipe) id: number): Promise<Contact & Links> {
    const contact = await this.records.get(Contact, id, 'contact');
    return { ...contact, ...contactLinks(contact, this.config.pipedrive.baseUrl) };
  }
}

const DEALS: ListSpec = {
  sortable: sortable(['id', 'name', 'status', 'pd_deal_id', 'admin_id', 'pipeline_id', 'stage_id', 'company_id']),
  defaultSort: { field: 'id', order: 'DESC' },
  filters: {
    ...columns(['id', 'admin_id', 'pipeline_id', 'stage_id', 'company_id', 'contact_id', 'pd_deal_id'], 'int'),
    status: { column: 'row.status', kind: { oneOf: DEAL_STATUSES } },
  },
  search: ['row.name'],
  searchIds: ['row.pd_deal_id'],
};

@AdminApiController('deals')
export class DealsController {
  constructor(
    private readonly records: RecordQueriesService,
    private readonly config: HermesConfig,
  ) {}

  @Get()
  @ApiListQuery()
  async list(@Query() raw: Record<string, unknown>, @Res({ passthrough: true }) res: Response): Promise<(Deal & Links)[]> {
    const rows = await listed(res, 'deals', raw, DEALS, (query) => this.records.list(Deal, query, DEALS));
    return rows.map((row) => ({ ...row, ...dealLinks(row, this.config.pipedrive.baseUrl) }));
  }

  @Get(':id')
  async get(@Param('id', ParseIdPipe) id: number): Promise<Deal & Links> {
    const deal = await this.records.get(Deal, id, 'deal');
    return { ...deal, ...dealLinks(deal, this.config.pipedrive.baseUrl) };
  }
}

const MEETINGS: ListSpec = {
  sortable: sortable(['id', 'created', 'start_time', 'end_time', 'status', 'meeting_type', 'admin_id', 'contact_id']),
  defaultSort: { field: 'start_time', order: 'DESC' },
  filters: {
    ...columns(['id', 'admin_id', 'contact_id', 'deal_id'], 'int'),
    status: { column: 'row.status', kind: { oneOf: MEETING_STATUSES } },
    meeting_type: { column: 'row.meeting_type', kind: { oneOf: MEETING_TYPES } },
  },
};

@AdminApiController('meetings')
export class MeetingsController {
  constructor(private readonly records: RecordQueriesService) {}

  @Get()
  @ApiListQuery()
  list(@Query() raw: Record<string, unknown>, @Res({ passthrough: true }) res: Response): Promise<Meeting[]> {
    return listed(res, 'meetings', raw, MEETINGS, (query) => this.records.list(Meeting, query, MEETINGS));
  }

  @Get(':id')
  get(@Param('id', ParseIdPipe) id: number): Promise<Meeting> {
    return this.records.get(Meeting, id, 'meeting');
  }
}
