import { Injectable, Logger } from '@nestjs/common';
import { Company, Deal } from '@hermes/database';
import type { DealStatus } from '@hermes/model';
import { EntityManager } from 'typeorm';
import { ConfigService } from '../config/config.service';

/** A deal in one of these stays so: TC2's events make no new one for its company. */
const CLOSED: DealStatus[] = ['won', 'lost', 'deleted'];

/**
 * The rules shared by the TC2 webhook and the callbooker: a Company has at most one open Deal, and a
 * deal closed (won, lost, or deleted in Pipedrive) stays closed.
 */
@Injectable()
export class DealsService {
  private readonly logger = new Logger(DealsService.name);

  constructor(private readonly config: ConfigService) {}

  /**
   * The Company's open Deal, or a new one in the pipeline Config gives its price plan, at that
   * pipeline's default entry stage, named after the Company, owned by its sales person and linked
   * to `contactId` (the contact it came through, if any). Null
   * when no pipeline (or entry stage) is configured for the plan: there is nowhere to put a deal.
   */
  async getOrCreateOpenDeal(company: Company, manager: EntityManager, contactId: number | null = null): Promise<Deal | null> {
    const open = await manager.findOne(Deal, { where: { company_id: company.id, status: 'open' }, order: { id: 'ASC' } });
    return open ?? this.createOpenDeal(company, manager, contactId);
  }

  /** The company's deals, oldest first: what `getOrCreateOpenDealUnlessClosed` decides from. */
  async ofCompany(companyId: number, manager: EntityManager): Promise<Deal[]> {
    return manager.find(Deal, { where: { company_id: companyId }, order: { id: 'ASC' } });
  }

  /**
   * As getOrCreateOpenDeal, unless the company has a deal that was won, lost or deleted: then no
   * deal (null), as TC2's events make no new one. Decided from the company's `deals` (`ofCompany`),
   * which the caller may have read before its turn on the event clock.
   */
  async getOrCreateOpenDealUnlessClosed(company: Company, deals: Deal[], manager: EntityManager, contactId: number | null = null): Promise<Deal | null> {
    if (deals.some((deal) => CLOSED.includes(deal.status))) return null;
    return deals.find((deal) => deal.status === 'open') ?? this.createOpenDeal(company, manager, contactId);
  }

  private async createOpenDeal(company: Company, manager: EntityManager, contactId: number | null): Promise<Deal | null> {
    const pipeline = await this.config.pipelineFor(company.price_plan, manager);
    if (!pipeline?.dft_entry_stage_id) {
      this.logger.warn(`No deal for company ${company.id}: no ${company.price_plan} pipeline with a default entry stage is configured`);
      return null;
    }
    return manager.save(
      manager.create(Deal, {
        name: company.name,
        status: 'open',
        company_id: company.id,
        contact_id: contactId,
        admin_id: company.sales_person_id,
        pipeline_id: pipeline.id,
        stage_id: pipeline.dft_entry_stage_id,
      }),
    );
  }

  /** A terminated (or narc) client's open deals are lost; returns how many were closed. */
  async loseOpenDeals(companyId: number, manager: EntityManager, why = 'its TC2 client ended'): Promise<number> {
    const result = await manager.update(Deal, { company_id: companyId, status: 'open' }, { status: 'lost' });
    if (result.affected) this.logger.log(`Closed ${result.affected} open deal(s) of company ${companyId} as lost: ${why}`);
    return result.affected ?? 0;
  }
}
