import { ApiProperty } from '@nestjs/swagger';
import { IsDate, IsInt, Min } from 'class-validator';
import { IdField, IdMax, UtcDateTime } from './booking-fields';

export class AvailabilityQueryDto {
  @ApiProperty({ example: 3 })
  @IdField()
  @IsInt()
  @Min(1)
  @IdMax()
  admin_id: number;

  @ApiProperty({ example: '2026-11-23T00:00:00.000Z' })
  @UtcDateTime()
  @IsDate({ message: 'start_dt must be an ISO date-time' })
  start_dt: Date;

  @ApiProperty({ example: '2026-12-21T00:00:00.000Z' })
  @UtcDateTime()
  @IsDate({ message: 'end_dt must be an ISO date-time' })
  end_dt: Date;
}
