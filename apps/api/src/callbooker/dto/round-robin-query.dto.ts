import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PRICE_PLANS, PricePlan } from '@hermes/database';

export class SalesRoundRobinQueryDto {
  @ApiProperty({ enum: PRICE_PLANS })
  @IsIn(PRICE_PLANS, { message: `plan must be one of ${PRICE_PLANS.join(', ')}` })
  plan: PricePlan;

  @ApiPropertyOptional({ description: 'ISO country code; empty means GB', example: 'DE' })
  @IsOptional()
  @IsString()
  @MaxLength(8)
  country_code?: string;
}
