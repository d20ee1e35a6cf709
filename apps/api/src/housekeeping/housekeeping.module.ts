import { Module } from '@nestjs/common';
import { HousekeepingJob } from './housekeeping.job';
import { HousekeepingService } from './housekeeping.service';

/** The daily clean-up of tables that would otherwise only grow. */
@Module({ providers: [HousekeepingService, HousekeepingJob], exports: [HousekeepingService] })
export class HousekeepingModule {}
