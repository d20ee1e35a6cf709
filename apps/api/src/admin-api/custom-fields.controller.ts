import { Body, Delete, Get, Param, Post, Put, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { CustomField, FIELD_TYPES, LINKED_OBJECT_TYPES } from '@hermes/database';
import { CustomFieldsService } from '../core/custom-fields/custom-fields.service';
import { RecordQueriesService } from '../core/records/record-queries.service';
import { AdminApiController, ApiListQuery } from './admin-api.decorator';
import { ParseIdPipe } from './parse-id.pipe';
import { CreateCustomFieldDto, UpdateCustomFieldDto } from './dto/custom-field.dto';
import { listed, ListSpec } from './simple-rest.util';

const LIST: ListSpec = {
  sortable: Object.fromEntries(
    ['id', 'name', 'machine_name', 'field_type', 'linked_object_type', 'hermes_field_name', 'tc2_machine_name', 'pd_field_id'].map((f) => [f, `row.${f}`]),
  ),
  defaultSort: { field: 'id', order: 'ASC' },
  filters: {
    id: { column: 'row.id', kind: 'int' },
    field_type: { column: 'row.field_type', kind: { oneOf: FIELD_TYPES } },
    linked_object_type: { column: 'row.linked_object_type', kind: { oneOf: LINKED_OBJECT_TYPES } },
  },
  search: ['row.name', 'row.machine_name', 'row.hermes_field_name', 'row.tc2_machine_name', 'row.pd_field_id'],
};

/** Custom fields: what extra values Hermes carries between TC2 and Pipedrive, and where it keeps them. */
@AdminApiController('custom-fields')
export class CustomFieldsController {
  constructor(
    private readonly fields: CustomFieldsService,
    private readonly records: RecordQueriesService,
  ) {}

  @Get()
  @ApiListQuery()
  list(@Query() raw: Record<string, unknown>, @Res({ passthrough: true }) res: Response): Promise<CustomField[]> {
    return listed(res, 'custom-fields', raw, LIST, (query) => this.records.list(CustomField, query, LIST));
  }

  @Get(':id')
  get(@Param('id', ParseIdPipe) id: number): Promise<CustomField> {
    return this.fields.get(id);
  }

  @Post()
  create(@Body() body: CreateCustomFieldDto): Promise<CustomField> {
    return this.fields.create(body);
  }

  @Put(':id')
  update(@Param('id', ParseIdPipe) id: number, @Body() body: UpdateCustomFieldDto): Promise<CustomField> {
    return this.fields.update(id, body);
  }

  @Delete(':id')
  remove(@Param('id', ParseIdPipe) id: number): Promise<CustomField> {
    return this.fields.delete(id);
  }
}
