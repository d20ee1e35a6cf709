import { Type } from 'class-transformer';
import { IsDefined, IsObject, IsOptional, IsString, ValidateNested } from 'class-validator';
import { IsTc2DateTime } from './tc2-date-time.validator';
import { Tc2SubjectDto } from './tc2-subject.dto';

/** One thing that happened in TC2, e.g. `EDITED_A_CLIENT`. */
export class Tc2EventDto {
  @IsString()
  action: string;

  /** When it happened: an older event than the last one applied for its client changes nothing. */
  @IsOptional()
  @IsTc2DateTime()
  timestamp?: string | number;

  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => Tc2SubjectDto)
  subject: Tc2SubjectDto;
}
