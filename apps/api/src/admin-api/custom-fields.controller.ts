import { Body, Delete, Get, NotFoundException, Param, Post, Put, Query, Res } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { CustomField, FIELD_TYPES, LINKED_OBJECT_TYPES } from '@hermes/database';
import { DataSource, Not } from 'typeorm';
import { isUniqueViolation } from '../common/unique-violation.util';
import { fieldError } from '../common/validation.pipe';
import { AdminApiController, ApiListQuery } from './admin-api.decorator';
import { ParseIdPipe } from './parse-id.pipe';
import { CreateCustomFieldDto, defaultMachineName, UpdateCustomFieldDto } from './dto/custom-field.dto';
import { ListSpec, listRows } from './simple-rest.util';

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

/**
 * Custom fields (SPEC.md §6, §9). The syncs read them on every run, so a change here takes effect
 * on the next sync without a restart.
 */
@AdminApiController('custom-fields')
export class CustomFieldsController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get fields() {
    return this.dataSource.getRepository(CustomField);
  }

  @Get()
  @ApiListQuery()
  list(@Query() query: Record<string, unknown>, @Res({ passthrough: true }) res: Response): Promise<CustomField[]> {
    return listRows(res, 'custom-fields', this.fields.createQueryBuilder('row'), query, LIST);
  }

  @Get(':id')
  get(@Param('id', ParseIdPipe) id: number): Promise<CustomField> {
    return this.find(id);
  }

  @Post()
  create(@Body() body: CreateCustomFieldDto): Promise<CustomField> {
    return this.save(this.fields.create(body));
  }

  @Put(':id')
  async update(@Param('id', ParseIdPipe) id: number, @Body() body: UpdateCustomFieldDto): Promise<CustomField> {
    return this.save(this.fields.merge(await this.find(id), body));
  }

  @Delete(':id')
  async remove(@Param('id', ParseIdPipe) id: number): Promise<CustomField> {
    const field = await this.find(id);
    await this.fields.delete(id);
    return field;
  }

  /** Fills in the machine name, and keeps it unique per object type. */
  private async save(field: CustomField): Promise<CustomField> {
    field.machine_name ||= defaultMachineName(field.name);
    const clash = await this.fields.findOneBy({
      machine_name: field.machine_name,
      linked_object_type: field.linked_object_type,
      ...(field.id ? { id: Not(field.id) } : {}),
    });
    const taken = () => fieldError('machine_name', `${field.linked_object_type} already has a custom field "${field.machine_name}"`);
    if (clash) throw taken();
    try {
      return await this.fields.save(field);
    } catch (error) {
      if (isUniqueViolation(error)) throw taken();
      throw error;
    }
  }

  private async find(id: number): Promise<CustomField> {
    const field = await this.fields.findOneBy({ id });
    if (!field) throw new NotFoundException(`No custom field ${id}`);
    return field;
  }
}
