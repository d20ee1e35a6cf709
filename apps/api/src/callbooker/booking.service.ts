import { Injectable, Logger } from '@nestjs/common';
import { HermesConfig } from '../config/hermes-config';
import { BookingPlan, BookingsService } from '../core/companies/bookings.service';
import { HermesError } from '../core/hermes-error';
import { pipedriveUrl, tc2CligencyUrl } from '../core/record-urls.util';
import { meetingSubject } from '../pipedrive/activity-payload.util';
import { AvailabilityService } from './availability.service';
import { CallbookerCalendarService } from './callbooker-calendar.service';
import { BookSalesCallDto, BookSupportCallDto } from './dto/book-call.dto';
import { meetingDescription } from './meeting-description.util';
import { SupportLinkService } from './support-link.service';

/**
 * The website's call bookings: the core checks the booking, the time is checked against the
 * admin's availability (Google asked whether they are free), Google is given the event, then the
 * core records it all (company, contact, deal, meeting, the queued Pipedrive sync) in one
 * transaction. A refused or failed booking leaves nothing behind: an event whose booking cannot be
 * recorded is deleted again. No database connection is held while Google answers.
 */
@Injectable()
export class BookingService {
  private readonly logger = new Logger(BookingService.name);
  /** Support bookings without their link's signature since start: how many the website still sends. */
  private unprovenSupportBookings = 0;

  constructor(
    private readonly hermesConfig: HermesConfig,
    private readonly bookings: BookingsService,
    private readonly availability: AvailabilityService,
    private readonly calendar: CallbookerCalendarService,
    private readonly supportLinks: SupportLinkService,
  ) {}

  async bookSales(booking: BookSalesCallDto): Promise<void> {
    const plan = await this.bookings.plan('sales', booking);
    await this.book(plan, () => this.bookings.record('sales', booking));
  }

  async bookSupport(booking: BookSupportCallDto): Promise<void> {
    this.checkSupportLink(booking);
    const plan = await this.bookings.plan('support', booking);
    await this.book(plan, () => this.bookings.record('support', booking));
  }

  /**
   * A support booking comes from a support link, whose `s` and `e` prove it: checked when sent,
   * refused as the link's validation refuses it. Until the website sends them, a booking without
   * them is logged and counted, and refused only once SUPPORT_BOOKING_REQUIRES_LINK says so.
   */
  private checkSupportLink(booking: BookSupportCallDto): void {
    if (booking.s != null || booking.e != null) return this.supportLinks.verify(booking);
    if (this.hermesConfig.supportBookingRequiresLink) {
      throw new HermesError('invalid-signature', 's: a support booking needs the signature of its support link (s and e)', 's', 'is required');
    }
    this.unprovenSupportBookings++;
    this.logger.warn(
      `Support booking for company ${booking.company_id} without its support link's signature ` +
        `(${this.unprovenSupportBookings} since start; SUPPORT_BOOKING_REQUIRES_LINK=true refuses them)`,
    );
  }

  private async book(plan: BookingPlan, record: () => Promise<unknown>): Promise<void> {
    const { type, admin, company, contact, start, end } = plan;
    await this.availability.checkBookable(admin, start);
    const event = await this.calendar.createEvent(admin.username, {
      summary: meetingSubject(type, admin),
      description: meetingDescription(
        type,
        company,
        contact,
        {
          pipedriveUrl: pipedriveUrl(this.hermesConfig.pipedrive.baseUrl, 'organization', company.pd_org_id),
          tc2Url: tc2CligencyUrl(this.hermesConfig.tc2.baseUrl, company.tc2_cligency_id) || null,
        },
        this.hermesConfig.invite,
      ),
      start,
      end,
      timeZone: admin.timezone,
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
