import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CustomField } from '@hermes/database';
import { DataSource, Not } from 'typeorm';
import { isUniqueViolation } from '../../common/unique-violation.util';
import { HermesError } from '../hermes-error';

export type CustomFieldFields = Partial<Omit<CustomField, 'id'>>;

/** The default machine name of a field: its name lower-cased with spaces turned to `_`. */
export function defaultMachineName(name: string): string {
  return name.trim().toLowerCase().replace(/\s+/g, '_');
}

/**
 * Sales ops' custom fields (see docs/architecture.md, "Custom fields"). The syncs read them on every
 * run, so a change here takes effect on the next sync without a restart.
 */
@Injectable()
export class CustomFieldsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get fields() {
    return this.dataSource.getRepository(CustomField);
  }

  async get(id: number): Promise<CustomField> {
    const field = await this.fields.findOneBy({ id });
    if (!field) throw new HermesError('record-not-found', `No custom field ${id}`);
    return field;
  }

  create(fields: CustomFieldFields): Promise<CustomField> {
    return this.save(this.fields.create(fields));
  }

  async update(id: number, fields: CustomFieldFields): Promise<CustomField> {
    return this.save(this.fields.merge(await this.get(id), fields));
  }

  async delete(id: number): Promise<CustomField> {
    const field = await this.get(id);
    await this.fields.delete(id);
    return field;
  }

  /** Fills in the machine name, and keeps it unique per object type. */
  private async save(field: CustomField): Promise<CustomField> {
    field.machine_name ||= defaultMachineName(field.name);
    const taken = () =>
      HermesError.field('machine_name', `${field.linked_object_type} already has a custom field "${field.machine_name}"`, 'already-taken');
    const clash = await this.fields.existsBy({
      machine_name: field.machine_name,
      linked_object_type: field.linked_object_type,
      ...(field.id ? { id: Not(field.id) } : {}),
    });
    if (clash) throw taken();
    try {
      return await this.fields.save(field);
    } catch (error) {
      if (isUniqueViolation(error)) throw taken();
      throw error;
    }
  }
}
