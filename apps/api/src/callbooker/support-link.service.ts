import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Admin, Company } from '@hermes/database';
import { DataSource } from 'typeorm';
import { HermesConfig } from '../config/hermes-config';
import { CompaniesService } from '../core/companies/companies.service';
import { HermesError } from '../core/hermes-error';
import { Tc2ClientsService } from '../tc2/tc2-clients.service';
import { GenerateSupportLinkQueryDto, ValidateSupportLinkQueryDto } from './dto/support-link-query.dto';
import { isSupportLinkSignature, supportLinkSignature } from './support-link-signature.util';

/** A support link's terms and signature as a caller presents them: the expiry and the signature may be missing. */
export interface SupportLinkProof {
  admin_id: number;
  company_id: number;
  e?: number;
  s?: string;
}

/**
 * Support links: TC2 asks for a link that lets one client book a support call with one admin until
 * it expires; the website checks the link before showing the booking form. Links Hermes v2 signed
 * are honoured until they expire (support-link-signature.util.ts).
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
      s: supportLinkSignature(this.config.signingKey, { admin_id: admin.id, company_id: company.id, e: expiry }),
      admin_id: String(admin.id),
      company_id: String(company.id),
      e: String(expiry),
    });
    return { link: `${this.config.callbookerBaseUrl}/${admin.id}/?${params}` };
  }

  /**
   * The signature is checked before anything is looked up, so an unsigned or forged link gets the
   * same answer whichever ids it names; only a link Hermes signed can learn that a record is gone.
   */
  async validate(query: ValidateSupportLinkQueryDto): Promise<{ status: 'ok'; company_name: string }> {
    this.verify(query);
    const admin = await this.dataSource.manager.findOneBy(Admin, { id: query.admin_id });
    if (!admin) throw new HermesError('admin-not-found', `Admin ${query.admin_id} not found`);
    const company = await this.dataSource.manager.findOneBy(Company, { id: query.company_id });
    if (!company) throw new HermesError('company-not-found', `Company ${query.company_id} not found`);
    return { status: 'ok', company_name: company.name };
  }

  /** Refuses a link that is not signed for these terms (by Hermes or by v2) or has expired. */
  verify({ admin_id, company_id, e, s }: SupportLinkProof): void {
    if (e === undefined || !s || !isSupportLinkSignature(this.config.signingKey, { admin_id, company_id, e }, s)) {
      throw new HermesError('invalid-signature', 'Invalid signature');
    }
    if (Date.now() / 1000 > e) throw new HermesError('link-expired', 'Link has expired');
  }

  /** A client Hermes lacks, fetched from TC2 and adopted by the core (no deal: a support link is not a sale). */
  private async adopt(cligencyId: number): Promise<Company> {
    const client = await this.tc2Clients.fetch(cligencyId, null);
    if (!client) throw new HermesError('tc2-client-not-found', `TC2 has no client ${cligencyId}`);
    return this.companies.adoptTc2Client(client);
  }
}
