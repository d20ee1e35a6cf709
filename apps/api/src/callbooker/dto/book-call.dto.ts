import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsDate, IsEmail, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import { PRICE_PLANS, PricePlan } from '@hermes/database';
import { IdField, IdMax, LowerCased, OptionalText, TitleCased, Trimmed, UtcDateTime } from './booking-fields';
import { IsFuture } from './is-future.validator';

/** What both bookings carry: who books, with whom, when. Unknown fields (call_type...) are ignored. */
export class BookCallDto {
  @ApiProperty({ description: 'The Hermes id of the admin to meet', example: 3 })
  @IdField()
  @IsInt()
  @Min(1)
  @IdMax()
  admin_id: number;

  @ApiProperty({ example: 'jane van dyke' })
  @TitleCased()
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  name: string;

  @ApiPropertyOptional({ example: 'jane@brightside.example' })
  @LowerCased()
  @IsOptional()
  @IsEmail()
  @MaxLength(255)
  email?: string;

  @ApiProperty({ description: 'ISO date-time; without a zone it is UTC', example: '2026-11-23T10:00:00.000Z' })
  @UtcDateTime()
  @IsDate({ message: 'meeting_dt must be an ISO date-time' })
  @IsFuture()
  meeting_dt: Date;
}

export class BookSalesCallDto extends BookCallDto {
  @ApiPropertyOptional({ description: 'TC2 admin id of the BDR who sent the visitor', nullable: true })
  @IdField()
  @IsOptional()
  @IsInt()
  @Min(1)
  @IdMax()
  bdr_person_id?: number;

  @ApiPropertyOptional({ nullable: true })
  @IdField()
  @IsOptional()
  @IsInt()
  @Min(1)
  @IdMax()
  company_id?: number;

  @ApiProperty({ example: 'Brightside Tutors' })
  @Trimmed()
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  company_name: string;

  @ApiPropertyOptional({ example: 'https://brightside.example' })
  @OptionalText()
  @IsOptional()
  @IsString()
  @MaxLength(255)
  website?: string;

  @ApiProperty({ example: 'GB' })
  @Trimmed()
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  country: string;

  @ApiPropertyOptional({ example: '+44 20 7946 0000' })
  @OptionalText()
  @IsOptional()
  @IsString()
  @MaxLength(255)
  phone?: string;

  @ApiProperty({ description: 'A revenue band label or a number', example: '£150,000 - £500,000' })
  @Transform(({ value }) => (typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : value))
  @IsString({ message: 'estimated_income must be a string or a number' })
  @IsNotEmpty()
  @MaxLength(255)
  estimated_income: string;

  @ApiProperty({ example: 'GBP' })
  @Trimmed()
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  currency: string;

  @ApiProperty({ enum: PRICE_PLANS })
  @IsIn(PRICE_PLANS)
  price_plan: PricePlan;

  @ApiPropertyOptional()
  @OptionalText()
  @IsOptional()
  @IsString()
  @MaxLength(255)
  utm_campaign?: string;

  @ApiPropertyOptional()
  @OptionalText()
  @IsOptional()
  @IsString()
  @MaxLength(255)
  utm_source?: string;
}

export class BookSupportCallDto extends BookCallDto {
  @ApiProperty({ example: 7 })
  @IdField()
  @IsInt()
  @Min(1)
  @IdMax()
  company_id: number;

  @ApiPropertyOptional({ description: "The support link's signature (its `s`), for this admin and company" })
  @OptionalText()
  @IsOptional()
  @IsString()
  @MaxLength(128)
  s?: string;

  @ApiPropertyOptional({ description: "The support link's expiry (its `e`), unix seconds", example: 1795397354 })
  @IdField()
  @IsOptional()
  @IsInt()
  @Min(0)
  e?: number;
}
