import { Type } from 'class-transformer';
import { IsDefined, IsObject, IsString, ValidateNested } from 'class-validator';
import { Tc2SubjectDto } from './tc2-subject.dto';

/** One thing that happened in TC2, e.g. `EDITED_A_CLIENT`. */
export class Tc2EventDto {
  @IsString()
  action: string;

  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => Tc2SubjectDto)
  subject: Tc2SubjectDto;
}
