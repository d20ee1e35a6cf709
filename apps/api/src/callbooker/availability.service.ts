import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Admin } from '@hermes/database';
import { DataSource } from 'typeorm';
import { ConfigService } from '../core/config/config.service';
import { HermesError } from '../core/hermes-error';
import { availableSlots } from './available-slots.util';
import { CallbookerCalendarService } from './callbooker-calendar.service';
import { AvailabilityQueryDto } from './dto/availability-query.dto';

/** The longest range one request may ask about: the website asks for a few weeks. */
const MAX_RANGE_DAYS = 62;

/** `GET /callbooker/availability/`: an admin's free slots, from one Google free/busy query. */
@Injectable()
export class AvailabilityService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: ConfigService,
    private readonly calendar: CallbookerCalendarService,
  ) {}

  async slots({ admin_id, start_dt, end_dt }: AvailabilityQueryDto): Promise<[string, string][]> {
    if (end_dt <= start_dt) throw HermesError.field('end_dt', 'must be after start_dt');
    if (end_dt.getTime() - start_dt.getTime() > MAX_RANGE_DAYS * 86_400_000) throw HermesError.field('end_dt', `must be within ${MAX_RANGE_DAYS} days of start_dt`);
    const admin = await this.dataSource.manager.findOneBy(Admin, { id: admin_id });
    if (!admin) throw new HermesError('admin-not-found', `Admin ${admin_id} not found`);
    const config = await this.config.get(this.dataSource.manager);
    const busy = await this.calendar.freeBusy(admin.username, start_dt, end_dt);
    const slots = availableSlots(
      { start: start_dt, end: end_dt },
      admin.timezone,
      { dayStart: config.meeting_min_start, dayEnd: config.meeting_max_end, durationMins: config.meeting_dur_mins, bufferMins: config.meeting_buffer_mins },
      busy,
    );
    return slots.map((slot) => [slot.start.toISOString(), slot.end.toISOString()]);
  }
}
