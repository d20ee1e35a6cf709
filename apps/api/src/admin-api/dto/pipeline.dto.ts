import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max } from 'class-validator';
import { INT4_MAX } from '../simple-rest.util';
import { EmptyToNull } from './nullable.transform';

/** A pipeline's only editable field: the stage new deals enter it at. Its name and ids come from Pipedrive. */
export class UpdatePipelineDto {
  @ApiPropertyOptional({ nullable: true, description: "One of this pipeline's stages" })
  @EmptyToNull()
  @IsOptional()
  @IsInt()
  @Max(INT4_MAX)
  dft_entry_stage_id?: number | null;
}
