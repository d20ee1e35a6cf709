import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { FIELD_TYPES, FieldType, LINKED_OBJECT_TYPES, LinkedObjectType } from '@hermes/database';
import { EmptyToNull } from './nullable.transform';

export class CreateCustomFieldDto {
  @ApiProperty({ example: 'Estimated Monthly Income' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  name: string;

  @ApiPropertyOptional({ nullable: true, description: 'Defaults to the name, lower-cased, spaces turned to _' })
  @EmptyToNull()
  @IsOptional()
  @IsString()
  @MaxLength(255)
  machine_name?: string | null;

  @ApiProperty({ enum: FIELD_TYPES })
  @IsIn(FIELD_TYPES, { message: `must be one of: ${FIELD_TYPES.join(', ')}` })
  field_type: FieldType;

  @ApiProperty({ enum: LINKED_OBJECT_TYPES })
  @IsIn(LINKED_OBJECT_TYPES, { message: `must be one of: ${LINKED_OBJECT_TYPES.join(', ')}` })
  linked_object_type: LinkedObjectType;

  @ApiPropertyOptional({ nullable: true, example: 'website' })
  @EmptyToNull() @IsOptional() @IsString() @MaxLength(255)
  hermes_field_name?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @EmptyToNull() @IsOptional() @IsString() @MaxLength(255)
  tc2_machine_name?: string | null;

  @ApiPropertyOptional({ nullable: true, description: 'The Pipedrive Data field key' })
  @EmptyToNull() @IsOptional() @IsString() @MaxLength(255)
  pd_field_id?: string | null;
}

export class UpdateCustomFieldDto extends PartialType(CreateCustomFieldDto, { skipNullProperties: false }) {}
