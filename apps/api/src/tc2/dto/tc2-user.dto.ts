import { IsOptional, IsString, MaxLength } from 'class-validator';
import { VARCHAR_MAX } from './db-limits';

/** The client's user; a user without an email is valid (the first paid recipient's is used instead). */
export class Tc2UserDto {
  @IsOptional()
  @IsString()
  @MaxLength(VARCHAR_MAX)
  email: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(VARCHAR_MAX)
  phone: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(VARCHAR_MAX)
  first_name: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(VARCHAR_MAX)
  last_name: string | null;
}
