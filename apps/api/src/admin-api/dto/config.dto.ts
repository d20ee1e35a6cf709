import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { INT4_MAX } from '../simple-rest.util';
import { EmptyToNull, IsOmittable } from './nullable.transform';

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

export class UpdateConfigDto {
  @ApiPropertyOptional({ description: 'Length of a booked meeting, in minutes' })
  @IsOmittable() @IsInt() @Min(5) @Max(480)
  meeting_dur_mins?: number;

  @ApiPropertyOptional({ description: 'Free time kept before and after each meeting, in minutes' })
  @IsOmittable() @IsInt() @Min(0) @Max(240)
  meeting_buffer_mins?: number;

  @ApiPropertyOptional({ example: '10:00', description: "Earliest start, in the admin's time zone" })
  @IsOmittable() @Matches(HH_MM, { message: 'must be a time as HH:MM, e.g. 09:30' })
  meeting_min_start?: string;

  @ApiPropertyOptional({ example: '17:30', description: "Latest end, in the admin's time zone" })
  @IsOmittable() @Matches(HH_MM, { message: 'must be a time as HH:MM, e.g. 17:30' })
  meeting_max_end?: string;

  @ApiPropertyOptional({ nullable: true }) @EmptyToNull() @IsOptional() @IsInt() @Max(INT4_MAX) payg_pipeline_id?: number | null;
  @ApiPropertyOptional({ nullable: true }) @EmptyToNull() @IsOptional() @IsInt() @Max(INT4_MAX) startup_pipeline_id?: number | null;
  @ApiPropertyOptional({ nullable: true }) @EmptyToNull() @IsOptional() @IsInt() @Max(INT4_MAX) enterprise_pipeline_id?: number | null;
}
