import { Type } from 'class-transformer';
import { IsArray, IsDefined, IsInt, IsObject, IsString, Max, Min, ValidateIf, ValidateNested } from 'class-validator';
import { PG_INT_MAX } from './db-limits';
import { Tc2AdminRefDto } from './tc2-admin-ref.dto';
import { Tc2ExtraAttrDto } from './tc2-extra-attr.dto';
import { Tc2InvoiceClientDto } from './tc2-invoice-client.dto';
import { Tc2MetaAgencyDto } from './tc2-meta-agency.dto';
import { Tc2RecipientDto } from './tc2-recipient.dto';
import { Tc2UserDto } from './tc2-user.dto';
import { FromDigits } from './tc2-integer.transform';

const isAgencyClient = (subject: Tc2SubjectDto): boolean => subject.model === 'Client' && Boolean(subject.meta_agency);
// Other models are ignored, so only a client's own fields are held to a client's shape.
const isClientValue = (subject: Tc2SubjectDto, value: unknown): boolean => subject.model === 'Client' && value !== null && value !== undefined;
const isInvoice = (subject: Tc2SubjectDto): boolean => subject.model === 'Invoice';

/**
 * What an event is about. One class for every model because TC2 tells them apart only by
 * `model`: a client with a `meta_agency` must carry the whole client, an invoice its client's id,
 * a deleted client only `{id, first_name, last_name}`; other models are not looked at.
 * Nested objects (and those in lists) are also @IsObject: @ValidateNested alone lets an array (even `[]`) through as a list of them.
 */
export class Tc2SubjectDto {
  @IsString()
  model: string;

  @FromDigits()
  @IsInt()
  @Min(0)
  @Max(PG_INT_MAX)
  id: number;

  @ValidateIf(isClientValue)
  @IsObject()
  @ValidateNested()
  @Type(() => Tc2MetaAgencyDto)
  meta_agency?: Tc2MetaAgencyDto | null;

  @ValidateIf(isAgencyClient)
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => Tc2UserDto)
  user?: Tc2UserDto;

  @ValidateIf(isAgencyClient)
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => Tc2RecipientDto)
  paid_recipients?: Tc2RecipientDto[];

  @ValidateIf(isClientValue)
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => Tc2ExtraAttrDto)
  extra_attrs?: Tc2ExtraAttrDto[];

  @ValidateIf(isClientValue)
  @IsString()
  status?: string;

  @ValidateIf(isClientValue)
  @IsObject()
  @ValidateNested()
  @Type(() => Tc2AdminRefDto)
  sales_person?: Tc2AdminRefDto | null;

  @ValidateIf(isClientValue)
  @IsObject()
  @ValidateNested()
  @Type(() => Tc2AdminRefDto)
  associated_admin?: Tc2AdminRefDto | null;

  @ValidateIf(isClientValue)
  @IsObject()
  @ValidateNested()
  @Type(() => Tc2AdminRefDto)
  bdr_person?: Tc2AdminRefDto | null;

  @ValidateIf(isClientValue)
  @IsString()
  first_name?: string | null;

  @ValidateIf(isClientValue)
  @IsString()
  last_name?: string | null;

  @ValidateIf(isInvoice)
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => Tc2InvoiceClientDto)
  client?: Tc2InvoiceClientDto;
}
