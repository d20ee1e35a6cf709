import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Admin, Company, Contact, Meeting, MeetingType, PricePlan } from '@hermes/database';
import { Between, DataSource, EntityManager } from 'typeorm';
import { splitName } from '../../common/person-name.util';
import { ConfigService } from '../config/config.service';
import { HermesError } from '../hermes-error';
import { OutboundSyncService } from '../sync/outbound-sync.service';
import { DealsService } from './deals.service';

const TWO_HOURS_MS = 2 * 60 * 60 * 1000;

/** What every booking says: with whom, when, and who is booking (name as typed, email lower-cased). */
export interface Booking {
  admin_id: number;
  meeting_dt: Date;
  name: string;
  email?: string | null;
}

/** A prospect's sales call, with what the website knows of their business. */
export interface SalesBooking extends Booking {
  company_id?: number | null;
  /** A TC2 admin id. */
  bdr_person_id?: number | null;
  company_name: string;
  website?: string | null;
  country: string;
  phone?: string | null;
  estimated_income: string;
  currency: string;
  price_plan: PricePlan;
  utm_campaign?: string | null;
  utm_source?: string | null;
}

/** A client's support call, for a company Hermes has. */
export interface SupportBooking extends Booking {
  company_id: number;
}

/**
 * Who a booking is with and when, once checked: the Admin, the Company and Contact (found, or
 * made here but not yet saved: `id` undefined) and the meeting's end.
 */
export interface BookingPlan {
  type: MeetingType;
  admin: Admin;
  company: Company;
  contact: Contact;
  start: Date;
  end: Date;
}

/**
 * Call bookings: the checks and the records (see docs/architecture.md, "Bookings"). The callbooker
 * plans a booking (no writes), checks the admin's calendar and makes the event, then records it
 * here in one short transaction, so no database connection is held across the calls to Google.
 */
@Injectable()
export class BookingsService {
  private readonly logger = new Logger(BookingsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: ConfigService,
    private readonly deals: DealsService,
    private readonly sync: OutboundSyncService,
  ) {}

  /**
   * Checks a booking and finds who it is with, writing nothing: an unknown admin or company, an
   * admin who does not take this type of call, a contact without an email and a contact with a
   * meeting within two hours of this one are refused. The booker is always the contact with the
   * booking's email (any case), found or new: nothing else a booking says makes it someone else.
   */
  async plan(type: 'sales', booking: SalesBooking, manager?: EntityManager): Promise<BookingPlan>;
  async plan(type: 'support', booking: SupportBooking, manager?: EntityManager): Promise<BookingPlan>;
  async plan(type: MeetingType, booking: SalesBooking | SupportBooking, manager = this.dataSource.manager): Promise<BookingPlan> {
    const admin = await manager.findOneBy(Admin, { id: booking.admin_id });
    if (!admin) throw new HermesError('admin-not-found', `Admin ${booking.admin_id} not found`);
    if (!(type === 'sales' ? admin.is_sales_person : admin.is_support_person)) {
      throw HermesError.field('admin_id', `admin ${admin.id} does not take ${type} calls`);
    }
    let company: Company;
    let contact: Contact;
    if (type === 'sales') {
      const found = await this.salesCompany(booking as SalesBooking, admin, manager);
      company = found.company;
      contact = found.contact ?? (await this.contactIn(company, booking as SalesBooking, manager));
    } else {
      const existing = await manager.findOneBy(Company, { id: booking.company_id! });
      if (!existing) throw new HermesError('company-not-found', `Company ${booking.company_id} not found`);
      company = existing;
      contact = await this.contactIn(company, booking, manager);
    }

    if (!contact.email) throw new HermesError('contact-without-email', 'Contact must have an email address to book a meeting.');
    const start = booking.meeting_dt;
    if (contact.id !== undefined) await this.refuseClash(contact.id, start, manager);
    const { meeting_dur_mins } = await this.config.get(manager);
    return { type, admin, company, contact, start, end: new Date(start.getTime() + meeting_dur_mins * 60_000) };
  }

  /**
   * Records a booking in one transaction, planned afresh inside it: the company and contact (when
   * new), the company's open deal for a sales call, the meeting, and the Pipedrive sync (for a
   * support call only when the company is already in Pipedrive).
   */
  async record(type: 'sales', booking: SalesBooking): Promise<Meeting>;
  async record(type: 'support', booking: SupportBooking): Promise<Meeting>;
  async record(type: MeetingType, booking: SalesBooking | SupportBooking): Promise<Meeting> {
    return this.dataSource.transaction(async (manager) => {
      // Two bookings racing for one person are recorded one after the other: the second sees the first's meeting.
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`hermes.booking:${(booking.email ?? '').toLowerCase()}`]);
      const plan = await (type === 'sales' ? this.plan('sales', booking as SalesBooking, manager) : this.plan('support', booking as SupportBooking, manager));
      if (type === 'sales') plan.company.has_booked_call = true;
      const company = type === 'sales' || plan.company.id === undefined ? await manager.save(plan.company) : plan.company;
      const contact = await manager.save(Object.assign(plan.contact, { company_id: company.id }));
      const deal = type === 'sales' ? await this.deals.getOrCreateOpenDeal(company, manager, contact.id) : null;
      const meeting = await manager.save(
        manager.create(Meeting, {
          meeting_type: type,
          start_time: plan.start,
          end_time: plan.end,
          admin_id: plan.admin.id,
          contact_id: contact.id,
          deal_id: deal?.id ?? null,
        }),
      );
      // Support calls reach Pipedrive only for companies already there.
      if (type === 'sales' || company.pd_org_id) await this.sync.pipedrive(company.id, manager);
      return meeting;
    });
  }

  private async refuseClash(contactId: number, start: Date, manager: EntityManager): Promise<void> {
    const nearby = await manager.existsBy(Meeting, {
      contact_id: contactId,
      start_time: Between(new Date(start.getTime() - TWO_HOURS_MS), new Date(start.getTime() + TWO_HOURS_MS)),
    });
    if (nearby) throw new HermesError('meeting-clash', 'You already have a meeting booked around this time.');
  }

  /**
   * The booker's company: by company_id; else the company of the contact with the booker's email
   * (that contact is the booker); else of a contact with the booker's phone, or the company with
   * their company name (any case): only the company, the booker being a contact of their own; else
   * a new one.
   */
  private async salesCompany(booking: SalesBooking, admin: Admin, manager: EntityManager): Promise<{ company: Company; contact?: Contact }> {
    if (booking.company_id) {
      const company = await manager.findOneBy(Company, { id: booking.company_id });
      if (!company) throw new HermesError('company-not-found', `Company ${booking.company_id} not found`);
      return { company };
    }
    const booker = booking.email ? await this.contactByEmail(booking.email, null, manager) : null;
    if (booker) return { company: await manager.findOneByOrFail(Company, { id: booker.company_id }), contact: booker };
    if (booking.phone) {
      const samePhone = await manager.findOne(Contact, { where: { phone: booking.phone }, relations: { company: true }, order: { id: 'ASC' } });
      if (samePhone) return { company: samePhone.company! };
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
    return { company };
  }

  /**
   * The company's contact with the booker's email (any case), else a new one (not saved). Only the
   * email says who someone is: a namesake, or a colleague sharing a phone, is someone else.
   */
  private async contactIn(company: Company, booking: Booking & { phone?: string | null; country?: string | null }, manager: EntityManager): Promise<Contact> {
    const existing = booking.email && company.id !== undefined ? await this.contactByEmail(booking.email, company.id, manager) : null;
    if (existing) return existing;
    const { first_name, last_name } = splitName(booking.name);
    return manager.create(Contact, {
      first_name,
      last_name,
      email: booking.email ?? null,
      phone: booking.phone ?? null,
      country: booking.country ?? null,
    });
  }

  /** The first contact with this email, any case; within one company when given. */
  private contactByEmail(email: string, companyId: number | null, manager: EntityManager): Promise<Contact | null> {
    const query = manager.createQueryBuilder(Contact, 'contact').where('lower(contact.email) = lower(:email)', { email });
    if (companyId !== null) query.andWhere('contact.company_id = :companyId', { companyId });
    return query.orderBy('contact.id').getOne();
  }
}
