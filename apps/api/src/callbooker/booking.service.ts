import { Injectable, Logger } from '@nestjs/common';
import { HermesConfig } from '../config/hermes-config';
import { BookingPlan, BookingsService } from '../core/companies/bookings.service';
import { HermesError } from '../core/hermes-error';
import { pipedriveUrl, tc2CligencyUrl } from '../core/record-urls.util';
import { meetingSubject } from '../pipedrive/activity-payload.util';
import { overlapsBusy } from './available-slots.util';
import { CallbookerCalendarService } from './callbooker-calendar.service';
import { BookSalesCallDto, BookSupportCallDto } from './dto/book-call.dto';
import { meetingDescription } from './meeting-description.util';

/**
 * The website's call bookings: the core checks the booking, Google is asked whether the admin is
 * free and given the event, then the core records it all (company, contact, deal, meeting, the
 * queued Pipedrive sync) in one transaction. A refused or failed booking leaves nothing behind:
 * an event whose booking cannot be recorded is deleted again. No database connection is held while
 * Google answers.
 */
@Injectable()
export class BookingService {
  private readonly logger = new Logger(BookingService.name);

  constructor(
    private readonly hermesConfig: HermesConfig,
    private readonly bookings: BookingsService,
    private readonly calendar: CallbookerCalendarService,
  ) {}

  async bookSales(booking: BookSalesCallDto): Promise<void> {
    const plan = await this.bookings.plan('sales', booking);
    await this.book(plan, () => this.bookings.record('sales', booking));
  }

  async bookSupport(booking: BookSupportCallDto): Promise<void> {
    const plan = await this.bookings.plan('support', booking);
    await this.book(plan, () => this.bookings.record('support', booking));
  }

  private async book(plan: BookingPlan, record: () => Promise<unknown>): Promise<void> {
    const { type, admin, company, contact, start, end } = plan;
    if (overlapsBusy({ start, end }, await this.calendar.freeBusy(admin.username, start, end))) {
      throw new HermesError('admin-busy', 'Admin is not free at this time.');
    }
    const event = await this.calendar.createEvent(admin.username, {
      summary: meetingSubject(type, admin),
      description: meetingDescription(type, company, contact, {
        pipedriveUrl: pipedriveUrl(this.hermesConfig.pipedrive.baseUrl, 'organization', company.pd_org_id),
        tc2Url: tc2CligencyUrl(this.hermesConfig.tc2.baseUrl, company.tc2_cligency_id) || null,
      }),
      start,
      end,
      attendees: [
        { email: admin.username, displayName: `${admin.first_name} ${admin.last_name}`.trim() || undefined },
        { email: contact.email!, displayName: [contact.first_name, contact.last_name].filter(Boolean).join(' ') || undefined },
      ],
    });
    try {
      await record();
    } catch (error) {
      await this.calendar.deleteEvent(admin.username, event.id);
      throw error;
    }
    this.logger.log(`Booked a ${type} call with admin ${admin.id} (event ${event.id})`);
  }
}
