import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Admin, Company, PricePlan } from '@hermes/database';
import { DataSource, FindOptionsWhere, IsNull, Not } from 'typeorm';
import { HermesError } from '../core/hermes-error';

/** Countries whose visitors go to the admins selling to Europe (v2's list). */
const EUROPE = new Set(
  ('MD BG DE AL ME ES SE AD MT CZ GB GI CY MC RU IE FR BY PT HR LI HU IS PL CH MK XK BE RS NL DK LU FO SI UA FI AT BA GR GG EE SM VA IT ' +
    'SK LT IM NO LV RO SJ JE AX').split(' '),
);

type RegionFlag = 'sells_us' | 'sells_gb' | 'sells_au' | 'sells_ca' | 'sells_eu' | 'sells_row';
const PLAN_FLAGS: Record<PricePlan, 'sells_payg' | 'sells_startup' | 'sells_enterprise'> = {
  payg: 'sells_payg',
  startup: 'sells_startup',
  enterprise: 'sells_enterprise',
};

/** The region flag an admin needs for a visitor from this country; no country means GB (as v2). */
export function regionFlag(countryCode: string | undefined): RegionFlag {
  const code = (countryCode || 'GB').toUpperCase();
  const own: Record<string, RegionFlag> = { US: 'sells_us', GB: 'sells_gb', AU: 'sells_au', CA: 'sells_ca' };
  return own[code] ?? (EUROPE.has(code) ? 'sells_eu' : 'sells_row');
}

/** Who gets the next new company: the admin after the last one given one, by id, wrapping. */
@Injectable()
export class RoundRobinService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async nextSalesPerson(plan: PricePlan, countryCode: string | undefined): Promise<Admin> {
    const sellers = await this.admins({ is_sales_person: true, [PLAN_FLAGS[plan]]: true });
    const regional = sellers.filter((admin) => admin[regionFlag(countryCode)]);
    const latest = await this.dataSource.manager.findOne(Company, { where: { price_plan: plan }, order: { created: 'DESC', id: 'DESC' } });
    return this.after(regional.length ? regional : sellers, latest?.sales_person_id ?? null, `sells the ${plan} plan`);
  }

  async nextSupportPerson(): Promise<Admin> {
    const latest = await this.dataSource.manager.findOne(Company, {
      where: { support_person_id: Not(IsNull()) },
      order: { created: 'DESC', id: 'DESC' },
    });
    return this.after(await this.admins({ is_support_person: true }), latest?.support_person_id ?? null, 'is a support person');
  }

  private admins(where: FindOptionsWhere<Admin>): Promise<Admin[]> {
    return this.dataSource.manager.find(Admin, { where, order: { id: 'ASC' } });
  }

  private after(candidates: Admin[], lastId: number | null, role: string): Admin {
    if (!candidates.length) throw new HermesError('no-candidate', `No admin ${role}`);
    const index = candidates.findIndex((admin) => admin.id === lastId);
    return candidates[(index + 1) % candidates.length];
  }
}
