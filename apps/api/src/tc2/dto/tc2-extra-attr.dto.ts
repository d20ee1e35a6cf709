import { Allow, IsString } from 'class-validator';

/** A TC2 custom field value on the client. */
export class Tc2ExtraAttrDto {
  @IsString()
  machine_name: string;

  // TC2 sends text, numbers or booleans depending on the field's type; all are stored as text.
  @Allow()
  value: string | number | boolean | null;
}
