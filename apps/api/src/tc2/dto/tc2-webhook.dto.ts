import { Type } from 'class-transformer';
import { IsArray, IsObject, ValidateNested } from 'class-validator';
import { Tc2EventDto } from './tc2-event.dto';

/** The body of a TC2 webhook: `{events: [...], _request_time}` (only the events matter). */
export class Tc2WebhookDto {
  @IsArray()
  // @ValidateNested alone passes an array in the list (`[[]]`) as a list of events.
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => Tc2EventDto)
  events: Tc2EventDto[];
}
