import { Controller, Get, Headers, Query, UseGuards } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Admin, Company } from '@hermes/database';
import { CompanyLookupService } from './company-lookup.service';
import { SalesRoundRobinQueryDto } from './dto/round-robin-query.dto';
import { RoundRobinService } from './round-robin.service';
import { Tc2KeyOrAdminGuard } from './tc2-key.guard';
import { ServerRoute, VisitorRoute } from './website-throttling';

/** An admin as the round robin answers: v2's fields, the email also as `email`. */
function adminView(admin: Admin) {
  const { password: _password, ...fields } = admin;
  return { ...fields, email: admin.username };
}

/** The website's other calls and TC2's company lookup. */
@ApiTags('website')
@UseGuards(ThrottlerGuard)
@VisitorRoute()
@Controller()
export class PublicController {
  constructor(
    private readonly roundRobin: RoundRobinService,
    private readonly companies: CompanyLookupService,
  ) {}

  @Get('choose-roundrobin/sales/')
  @ApiOperation({ summary: 'The sales person for the next new company on this plan, from this country' })
  async nextSalesPerson(@Query() query: SalesRoundRobinQueryDto) {
    return adminView(await this.roundRobin.nextSalesPerson(query.plan, query.country_code));
  }

  @Get('choose-roundrobin/support/')
  @ApiOperation({ summary: 'The support person for the next new company' })
  async nextSupportPerson() {
    return adminView(await this.roundRobin.nextSupportPerson());
  }

  @Get('loc/')
  @ApiOperation({ summary: "The visitor's country, from Cloudflare's CF-IPCountry header" })
  location(@Headers('cf-ipcountry') country?: string): { country_code: string } {
    return { country_code: country?.trim().toUpperCase() || 'GB' };
  }

  @Get('companies/')
  @ServerRoute()
  @UseGuards(Tc2KeyOrAdminGuard)
  @ApiHeader({ name: 'Authorization', description: 'token <TC2_API_KEY> (or an admin session)', required: false })
  @ApiOperation({ summary: 'Up to 10 companies, by name, matching every ?column=value filter' })
  findCompanies(@Query() query: Record<string, unknown>): Promise<Company[]> {
    return this.companies.find(query);
  }
}
