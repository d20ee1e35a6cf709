import { Body, Controller, Get, HttpCode, Post, Query, UseFilters, UseGuards } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AvailabilityService } from './availability.service';
import { BookingErrorFilter } from './booking-error.filter';
import { BookingService } from './booking.service';
import { AvailabilityQueryDto } from './dto/availability-query.dto';
import { BookSalesCallDto, BookSupportCallDto } from './dto/book-call.dto';
import { GenerateSupportLinkQueryDto, ValidateSupportLinkQueryDto } from './dto/support-link-query.dto';
import { SupportLinkService } from './support-link.service';
import { Tc2KeyGuard } from './tc2-key.guard';
import { ServerRoute, VisitorRoute } from './website-throttling';

/** The website's call booker: paths as v2, which the live website calls. */
@ApiTags('callbooker')
@UseGuards(ThrottlerGuard)
@Controller('callbooker')
export class CallbookerController {
  constructor(
    private readonly availability: AvailabilityService,
    private readonly bookings: BookingService,
    private readonly supportLinks: SupportLinkService,
  ) {}

  @Get('availability/')
  @ServerRoute()
  @ApiOperation({ summary: "An admin's free slots between two date-times, as [start, end] pairs" })
  async slots(@Query() query: AvailabilityQueryDto): Promise<{ status: 'ok'; slots: [string, string][] }> {
    return { status: 'ok', slots: await this.availability.slots(query) };
  }

  @Post('sales/book/')
  @VisitorRoute()
  @HttpCode(200)
  @UseFilters(BookingErrorFilter)
  @ApiOperation({ summary: 'Book a sales call: company, contact, deal, meeting, Google event, Pipedrive sync' })
  async bookSales(@Body() booking: BookSalesCallDto): Promise<{ status: 'ok' }> {
    await this.bookings.bookSales(booking);
    return { status: 'ok' };
  }

  @Post('support/book/')
  @VisitorRoute()
  @HttpCode(200)
  @UseFilters(BookingErrorFilter)
  @ApiOperation({ summary: 'Book a support call for a known company' })
  async bookSupport(@Body() booking: BookSupportCallDto): Promise<{ status: 'ok' }> {
    await this.bookings.bookSupport(booking);
    return { status: 'ok' };
  }

  @Get('support-link/generate/tc2/')
  @ServerRoute()
  @UseGuards(Tc2KeyGuard)
  @ApiHeader({ name: 'Authorization', description: 'token <TC2_API_KEY>' })
  @ApiOperation({ summary: 'TC2: a signed, expiring link for a client to book a support call with an admin' })
  generateSupportLink(@Query() query: GenerateSupportLinkQueryDto): Promise<{ link: string }> {
    return this.supportLinks.generate(query);
  }

  @Get('support-link/validate/')
  @ServerRoute()
  // Refusals in the website's shape, as v2 answered them.
  @UseFilters(BookingErrorFilter)
  @ApiOperation({ summary: "Check a support link's signature and expiry" })
  validateSupportLink(@Query() query: ValidateSupportLinkQueryDto): Promise<{ status: 'ok'; company_name: string }> {
    return this.supportLinks.validate(query);
  }
}
