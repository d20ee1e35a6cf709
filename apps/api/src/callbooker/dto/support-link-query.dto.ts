import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import { IdField, IdMax } from './booking-fields';

export class GenerateSupportLinkQueryDto {
  @ApiProperty({ example: 301 })
  @IdField()
  @IsInt()
  @Min(1)
  @IdMax()
  tc2_admin_id: number;

  @ApiProperty({ example: 4521 })
  @IdField()
  @IsInt()
  @Min(1)
  @IdMax()
  tc2_cligency_id: number;
}

export class ValidateSupportLinkQueryDto {
  @ApiProperty({ example: 3 })
  @IdField()
  @IsInt()
  @Min(1)
  @IdMax()
  admin_id: number;

  @ApiProperty({ example: 7 })
  @IdField()
  @IsInt()
  @Min(1)
  @IdMax()
  company_id: number;

  @ApiProperty({ description: 'Expiry, unix seconds', example: 1795397354 })
  @IdField()
  @IsInt()
  @Min(0)
  e: number;

  @ApiProperty({ description: 'The signature; without one the link is refused as badly signed' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  s?: string;
}
