import { Type } from 'class-transformer';
import { IsArray, IsObject, IsOptional, ValidateNested } from 'class-validator';
import { IsTc2DateTime } from './tc2-date-time.validator';
import { Tc2EventDto } from './tc2-event.dto';

/** The body of a TC2 webhook: `{events: [...], _request_time}`. */
export class Tc2WebhookDto {
  @IsArray()
  // @ValidateNested alone passes an array in the list (`[[]]`) as a list of events.
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => Tc2EventDto)
  events: Tc2EventDto[];

  /** When TC2 sent it (epoch seconds): the time of events that carry none of their own. */
  @IsOptional()
  @IsTc2DateTime()
  _request_time?: number | string;
}
