import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { Admin, Company } from '@hermes/database';
import { DataSource } from 'typeorm';
import { HermesConfig } from '../config/hermes-config';
import { CompaniesService } from '../core/companies/companies.service';
import { HermesError } from '../core/hermes-error';
import { Tc2ClientsService } from '../tc2/tc2-clients.service';
import { GenerateSupportLinkQueryDto, ValidateSupportLinkQueryDto } from './dto/support-link-query.dto';

/**
 * Support links: TC2 asks for a link that lets one client book a support call with one admin until
 * it expires; the website checks the link before showing the booking form.
 */
@Injectable()
export class SupportLinkService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: HermesConfig,
    private readonly companies: CompaniesService,
    private readonly tc2Clients: Tc2ClientsService,
  ) {}

  async generate({ tc2_admin_id, tc2_cligency_id }: GenerateSupportLinkQueryDto): Promise<{ link: string }> {
    const admin = await this.dataSource.manager.findOneBy(Admin, { tc2_admin_id });
    if (!admin) throw new HermesError('admin-not-found', `No admin has TC2 admin id ${tc2_admin_id}`);
    const company = (await this.companies.findByTc2Cligency(tc2_cligency_id)) ?? (await this.adopt(tc2_cligency_id));

    const expiry = Math.floor(Date.now() / 1000) + this.config.supportTtlDays * 86_400;
    const params = new URLSearchParams({
      s: this.sign(admin.id, company.id, expiry),
      admin_id: String(admin.id),
      company_id: String(company.id),
      e: String(expiry),
    });
    return { link: `${this.config.callbookerBaseUrl}/${admin.id}/?${params}` };
  }

  async validate({ admin_id, company_id, e, s }: ValidateSupportLinkQueryDto): Promise<{ status: 'ok'; company_name: string }> {
    const admin = await this.dataSource.manager.findOneBy(Admin, { id: admin_id });
    if (!admin) throw new HermesError('admin-not-found', `Admin ${admin_id} not found`);
    const company = await this.dataSource.manager.findOneBy(Company, { id: company_id });
    if (!company) throw new HermesError('company-not-found', `Company ${company_id} not found`);
    const expected = Buffer.from(this.sign(admin_id, company_id, e));
    const given = Buffer.from(s);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new HermesError('invalid-signature', 'Invalid signature');
    if (Date.now() / 1000 > e) throw new HermesError('link-expired', 'Link has expired');
    return { status: 'ok', company_name: company.name };
  }

  /** A client Hermes lacks, fetched from TC2 and adopted by the core (no deal: a support link is not a sale). */
  private async adopt(cligencyId: number): Promise<Company> {
    const client = await this.tc2Clients.fetch(cligencyId, null);
    if (!client) throw new HermesError('tc2-client-not-found', `TC2 has no client ${cligencyId}`);
    return this.companies.adoptTc2Client(client);
  }

  private sign(adminId: number, companyId: number, expiry: number): string {
    return createHmac('sha256', this.config.signingKey).update(`${adminId}:${companyId}:${expiry}`).digest('hex');
  }
}
