import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsNotEmpty, IsObject, IsOptional, IsString, ValidateNested } from 'class-validator';

export const PIPEDRIVE_WEBHOOK_ACTIONS = ['create', 'change', 'delete'] as const;
export type PipedriveWebhookAction = (typeof PIPEDRIVE_WEBHOOK_ACTIONS)[number];

/** The part of webhooks v2's `meta` Hermes reads; ids arrive as strings (or numbers). */
export class PipedriveWebhookMetaDto {
  @ApiProperty({ enum: PIPEDRIVE_WEBHOOK_ACTIONS })
  @IsIn(PIPEDRIVE_WEBHOOK_ACTIONS)
  action: PipedriveWebhookAction;

  @ApiProperty({ example: 'organization' })
  @IsString()
  @IsNotEmpty()
  entity: string;

  @ApiPropertyOptional({ example: '123' })
  @IsOptional()
  entity_id?: string | number;

  @ApiPropertyOptional({ description: 'On the delete of an object merged into another: the survivor' })
  @IsOptional()
  merged_to_id?: string | number | null;

  @ApiPropertyOptional({ example: 'app' })
  @IsOptional()
  @IsString()
  change_source?: string;

  @ApiPropertyOptional({ description: 'When the change happened (ISO date-time, or epoch)', example: '2026-11-23T10:00:00.000Z' })
  @IsOptional()
  timestamp?: string | number;
}

/** A Pipedrive webhooks v2 delivery. */
export class PipedriveWebhookDto {
  @ApiProperty({ type: PipedriveWebhookMetaDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => PipedriveWebhookMetaDto)
  meta: PipedriveWebhookMetaDto;

  @ApiPropertyOptional({ description: 'The object now; null on delete', type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  data?: Record<string, unknown> | null;

  @ApiPropertyOptional({ description: 'Only the changed fields on a change; the last state on a delete', type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  previous?: Record<string, unknown> | null;
}
