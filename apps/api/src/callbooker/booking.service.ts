import { BadRequestException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Admin, Company, Contact, Meeting, MeetingType } from '@hermes/database';
import { Between, DataSource, EntityManager } from 'typeorm';
import { splitName } from '../common/person-name.util';
import { HermesConfig } from '../config/hermes-config';
import { ConfigService } from '../hermes/config.service';
import { DealsService } from '../hermes/deals.service';
import { meetingSubject } from '../pipedrive/activity-payload.util';
import { PipedriveSyncService } from '../pipedrive/pipedrive-sync.service';
import { pipedriveUrl } from '../pipedrive/pipedrive-url.util';
import { tc2CligencyUrl } from '../pipedrive/tc2-cligency-url.util';
import { overlapsBusy } from './available-slots.util';
import { CallbookerCalendar } from './calendar.service';
import { BookCallDto, BookSalesCallDto, BookSupportCallDto } from './dto/book-call.dto';
import { meetingDescription } from './meeting-description.util';

const TWO_HOURS_MS = 2 * 60 * 60 * 1000;

/**
 * The website's call bookings (SPEC.md §7.3). Everything a booking writes — company, contact, deal,
 * meeting and the queued Pipedrive sync — is one transaction, and the Google event is made last,
 * after every check: a refused or failed booking leaves nothing behind.
 */
@Injectable()
export class BookingService {
  private readonly logger = new Logger(BookingService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly hermesConfig: HermesConfig,
    private readonly config: ConfigService,
    private readonly deals: DealsService,
    private readonly pipedriveSync: PipedriveSyncService,
    private readonly calendar: CallbookerCalendar,
  ) {}

  async bookSales(booking: BookSalesCallDto): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const admin = await this.admin(booking.admin_id, manager);
      const { company, found } = await this.salesCompany(booking, admin, manager);
      company.has_booked_call = true;
      await manager.save(company);
      const contact = found ?? (await this.contactIn(company, booking, manager));
      const deal = await this.deals.getOrCreateOpenDeal(company, manager, contact.id);
      await this.book('sales', booking, admin, company, contact, deal?.id ?? null, manager);
      await this.pipedriveSync.enqueueCompanySync(company.id, manager);
    });
  }

  async bookSupport(booking: BookSupportCallDto): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const admin = await this.admin(booking.admin_id, manager);
      const company = await manager.findOneBy(Company, { id: booking.company_id });
      if (!company) throw new NotFoundException(`Company ${booking.company_id} not found`);
      const contact = await this.contactIn(company, booking, manager);
      await this.book('support', booking, admin, company, contact, null, manager);
      // Support calls reach Pipedrive only for companies already there.
      if (company.pd_org_id) await this.pipedriveSync.enqueueCompanySync(company.id, manager);
    });
  }

  private async admin(id: number, manager: EntityManager): Promise<Admin> {
    const admin = await manager.findOneBy(Admin, { id });
    if (!admin) throw new NotFoundException(`Admin ${id} not found`);
    return admin;
  }

  /** By company_id, else the company of a contact with this email, then phone, else by name, else a new one. */
  private async salesCompany(booking: BookSalesCallDto, admin: Admin, manager: EntityManager): Promise<{ company: Company; found?: Contact }> {
    if (booking.company_id) {
      const company = await manager.findOneBy(Company, { id: booking.company_id });
      if (!company) throw new NotFoundException(`Company ${booking.company_id} not found`);
      return { company };
    }
    for (const where of [booking.email && { email: booking.email }, booking.phone && { phone: booking.phone }]) {
      if (!where) continue;
      const contact = await manager.findOne(Contact, { where, relations: { company: true }, order: { id: 'ASC' } });
      if (contact) return { company: contact.company!, found: contact };
    }
    const named = await manager
      .createQueryBuilder(Company, 'company')
      .where('lower(company.name) = lower(:name)', { name: booking.company_name })
      .orderBy('company.id')
      .getOne();
    if (named) return { company: named };

    const bdr = booking.bdr_person_id ? await manager.findOneBy(Admin, { tc2_admin_id: booking.bdr_person_id }) : null;
    if (booking.bdr_person_id && !bdr) this.logger.warn(`Booking names BDR ${booking.bdr_person_id}, not a TC2 admin id Hermes knows: left out`);
    const company = manager.create(Company, {
      name: booking.company_name,
      sales_person_id: admin.id,
      bdr_person_id: bdr?.id ?? null,
      price_plan: booking.price_plan,
      country: booking.country,
      website: booking.website ?? null,
      estimated_income: booking.estimated_income,
      currency: booking.currency,
      utm_campaign: booking.utm_campaign ?? null,
      utm_source: booking.utm_source ?? null,
    });
    return { company: await manager.save(company) };
  }

  /** The company's contact with this email or last name (case-insensitive), else a new one. */
  private async contactIn(company: Company, booking: BookCallDto & { phone?: string; country?: string }, manager: EntityManager): Promise<Contact> {
    const { first_name, last_name } = splitName(booking.name);
    const existing = await manager
      .createQueryBuilder(Contact, 'contact')
      .where('contact.company_id = :companyId', { companyId: company.id })
      .andWhere('(contact.email = :email OR lower(contact.last_name) = lower(:lastName))', { email: booking.email ?? null, lastName: last_name })
      .orderBy('contact.id')
      .getOne();
    if (existing) {
      if (!existing.email && booking.email) existing.email = booking.email;
      return manager.save(existing);
    }
    return manager.save(
      manager.create(Contact, {
        company_id: company.id,
        first_name,
        last_name,
        email: booking.email ?? null,
        phone: booking.phone ?? null,
        country: booking.country ?? null,
      }),
    );
  }

  private async book(
    type: MeetingType,
    booking: BookCallDto,
    admin: Admin,
    company: Company,
    contact: Contact,
    dealId: number | null,
    manager: EntityManager,
  ): Promise<void> {
    if (!contact.email) throw new BadRequestException('Contact must have an email address to book a meeting.');
    const start = booking.meeting_dt;
    const nearby = await manager.existsBy(Meeting, {
      contact_id: contact.id,
      start_time: Between(new Date(start.getTime() - TWO_HOURS_MS), new Date(start.getTime() + TWO_HOURS_MS)),
    });
    if (nearby) throw new BadRequestException('You already have a meeting booked around this time.');
    const { meeting_dur_mins } = await this.config.get(manager);
    const end = new Date(start.getTime() + meeting_dur_mins * 60_000);
    if (overlapsBusy({ start, end }, await this.calendar.freeBusy(admin.username, start, end))) {
      throw new BadRequestException('Admin is not free at this time.');
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
        { email: contact.email, displayName: [contact.first_name, contact.last_name].filter(Boolean).join(' ') || undefined },
      ],
    });
    await manager.save(
      manager.create(Meeting, { meeting_type: type, start_time: start, end_time: end, admin_id: admin.id, contact_id: contact.id, deal_id: dealId }),
    );
    this.logger.log(`Booked a ${type} call with admin ${admin.id} for contact ${contact.id} (event ${event.id})`);
  }
}
