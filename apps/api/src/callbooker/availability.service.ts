import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Admin, Config } from '@hermes/database';
import { DataSource } from 'typeorm';
import { ConfigService } from '../core/config/config.service';
import { HermesError } from '../core/hermes-error';
import { availableSlots, Interval, WorkingDay } from './available-slots.util';
import { CallbookerCalendarService } from './callbooker-calendar.service';
import { AvailabilityQueryDto } from './dto/availability-query.dto';

/** The longest range one request may ask about: the website asks for a few weeks. */
const MAX_RANGE_DAYS = 62;

/** How far ahead a call can be booked (the website offers a month). */
export const BOOKING_HORIZON_DAYS = 90;

const DAY_MS = 86_400_000;

/**
 * An admin's free slots, from one Google free/busy query (`GET /callbooker/availability/`), and the
 * check that a booking is for one of them: the same computation, so a booking can only be at a time
 * availability would offer.
 */
@Injectable()
export class AvailabilityService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: ConfigService,
    private readonly calendar: CallbookerCalendarService,
  ) {}

  async slots({ admin_id, start_dt, end_dt }: AvailabilityQueryDto): Promise<[string, string][]> {
    if (end_dt <= start_dt) throw HermesError.field('end_dt', 'must be after start_dt');
    if (end_dt.getTime() - start_dt.getTime() > MAX_RANGE_DAYS * DAY_MS) throw HermesError.field('end_dt', `must be within ${MAX_RANGE_DAYS} days of start_dt`);
    const admin = await this.dataSource.manager.findOneBy(Admin, { id: admin_id });
    if (!admin) throw new HermesError('admin-not-found', `Admin ${admin_id} not found`);
    const range = bookable({ start: start_dt, end: end_dt });
    if (!range) return [];
    const day = workingDay(await this.config.get(this.dataSource.manager));
    const busy = await this.calendar.freeBusy(admin.username, range.start, range.end);
    return availableSlots(range, admin.timezone, day, busy).map((slot) => [slot.start.toISOString(), slot.end.toISOString()]);
  }

  /**
   * Refuses a meeting that is not one of the slots availability would offer the admin now: off
   * their working day's grid (in their time zone), at a weekend, in the past or beyond the horizon
   * (`meeting_dt`), or while Google shows them busy (`admin-busy`, asked only for a time on the grid).
   */
  async checkBookable(admin: Admin, start: Date): Promise<void> {
    const day = workingDay(await this.config.get(this.dataSource.manager));
    const meeting = { start, end: new Date(start.getTime() + day.durationMins * 60_000) };
    const offered = (busy: Interval[]) => {
      const range = bookable(meeting);
      return !!range && availableSlots(range, admin.timezone, day, busy).some((slot) => slot.start.getTime() === start.getTime());
    };
    if (!offered([])) {
      throw HermesError.field('meeting_dt', `is not a time ${admin.first_name || 'this admin'} can be booked: choose one of the slots availability offers`);
    }
    if (!offered(await this.calendar.freeBusy(admin.username, meeting.start, meeting.end))) {
      throw new HermesError('admin-busy', 'Admin is not free at this time.');
    }
  }
}

/** The part of a range that can be booked: from now to the horizon; null when none of it can. */
function bookable(range: Interval, now = Date.now()): Interval | null {
  const start = Math.max(range.start.getTime(), now);
  const end = Math.min(range.end.getTime(), now + BOOKING_HORIZON_DAYS * DAY_MS);
  return start < end ? { start: new Date(start), end: new Date(end) } : null;
}

function workingDay(config: Config): WorkingDay {
  return { dayStart: config.meeting_min_start, dayEnd: config.meeting_max_end, durationMins: config.meeting_dur_mins, bufferMins: config.meeting_buffer_mins };
}
