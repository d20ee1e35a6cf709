import { isDeepStrictEqual } from 'node:util';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Company } from '@hermes/database';
import { DataSource, EntityManager } from 'typeorm';
import { retryOnUniqueViolation } from '../common/unique-violation.util';
import { CompaniesService } from '../core/companies/companies.service';
import { Tc2ClientInput } from '../core/companies/tc2-client';
import { UnchangedResendsService } from '../core/companies/unchanged-resends.service';
import { HermesError } from '../core/hermes-error';
import { WebhookLogEntry, WebhookLogService } from '../core/webhook-log/webhook-log.service';
import { Tc2EventDto } from './dto/tc2-event.dto';
import { Tc2WebhookDto } from './dto/tc2-webhook.dto';
import { Tc2ClientsService } from './tc2-clients.service';
import { AgencyClient, tc2ClientInput, unknownPlan } from './tc2-client-input.util';
import { parseTc2Date } from './tc2-date.util';

/** What one event asks Hermes to do. */
type Change = { kind: 'upsert'; client: Tc2ClientInput } | { kind: 'delete'; cligencyId: number; sentAt: Date | null };

/** TC2 webhooks: client and invoice events, translated into the core's changes to Companies. */
@Injectable()
export class Tc2WebhookService {
  private readonly logger = new Logger(Tc2WebhookService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clients: Tc2ClientsService,
    private readonly companies: CompaniesService,
    private readonly log: WebhookLogService,
    private readonly resends: UnchangedResendsService,
  ) {}

  /** All of a request's events in one transaction, with their webhook log rows: a request that fails changes nothing. */
  async process({ events, _request_time: requestTime }: Tc2WebhookDto): Promise<void> {
    // Invoice clients are fetched first so no transaction stays open across calls to TC2.
    const planned: { change: Change | null; entry: WebhookLogEntry }[] = [];
    for (const [index, event] of events.entries()) {
      const sentAt = parseTc2Date(event.timestamp ?? requestTime);
      const change = await this.changeFor(event, `events.${index}.subject`, sentAt);
      planned.push({
        change,
        entry: {
          source: 'tc2',
          entity: event.subject.model.slice(0, 32),
          action: event.action.slice(0, 32),
          external_id: String(event.subject.id),
          outcome: change ? 'applied' : 'ignored',
          reason: change ? (change.kind === 'delete' ? 'client deleted' : null) : ignoredReason(event),
        },
      });
    }

    // Most of TC2's traffic: a resend of one client, changing nothing.
    const [only] = planned;
    if (planned.length === 1 && only.change?.kind === 'upsert' && (await this.resends.answer(only.change.client, only.entry))) return;

    const apply = () =>
      this.dataSource.transaction(async (manager) => {
        for (const { change, entry } of planned) {
          if (change?.kind === 'upsert') {
            await this.upsert(change.client, entry, manager);
            continue;
          }
          const result = change ? await this.companies.deleteTc2Client(change.cligencyId, change.sentAt, manager) : { stale: false };
          await this.log.record(manager, result.stale ? staleEntry(entry, null) : entry);
        }
      });
    try {
      await retryOnUniqueViolation(apply);
    } catch (error) {
      if (error instanceof HermesError) {
        for (const { entry } of planned) await this.log.record(this.dataSource.manager, { ...entry, outcome: 'rejected', reason: error.message });
      }
      throw error;
    }
  }

  /**
   * A client's upsert with its log row. The row is written before the client's turn on the event
   * clock, as a resend that changes nothing turns out, so that turn is one statement shorter; it is
   * rewritten when the event turned out otherwise (stale, or it changed fields).
   */
  private async upsert(client: Tc2ClientInput, entry: WebhookLogEntry, manager: EntityManager): Promise<void> {
    let logged: { id: number; entry: WebhookLogEntry } | undefined;
    const result = await this.companies.upsertFromTc2(client, manager, {
      beforeTurn: async (company) => {
        const expected = withCompany(entry, company, []);
        logged = { id: await this.log.record(manager, expected), entry: expected };
      },
    });
    const final = result.stale ? staleEntry(entry, result.company) : withCompany(entry, result.company, result.fields);
    if (!isDeepStrictEqual(final, logged!.entry)) await this.log.amend(manager, logged!.id, final);
  }

  private async changeFor(event: Tc2EventDto, field: string, sentAt: Date | null): Promise<Change | null> {
    const { subject } = event;
    // Agreeing to the terms says nothing new about the client.
    if (event.action === 'AGREE_TERMS') return null;
    if (subject.model === 'Invoice' && subject.client) {
      const client = await this.clients.fetch(subject.client.id, `${field}.client`);
      return client ? { kind: 'upsert', client } : null;
    }
    if (subject.model !== 'Client') return null;
    if (subject.meta_agency && event.action !== 'DELETED_A_CLIENT') {
      const input = tc2ClientInput(subject as AgencyClient, { field, sentAt }, (plan) => this.logger.warn(unknownPlan(subject.meta_agency!.id, plan)));
      return { kind: 'upsert', client: input };
    }
    // Once deleted, TC2 only has the client's id and name to send.
    if (event.action === 'DELETED_A_CLIENT' || !subject.user) return { kind: 'delete', cligencyId: subject.id, sentAt };
    return null;
  }
}

/** The log entry of an event about `company` (a deleted client's company is gone, and its timeline with it). */
function withCompany(entry: WebhookLogEntry, company: Company | null | undefined, fields: string[]): WebhookLogEntry {
  return { ...entry, company_id: company?.id ?? null, hermes_id: company?.id ?? null, fields };
}

function staleEntry(entry: WebhookLogEntry, company: Company | null | undefined): WebhookLogEntry {
  return { ...withCompany(entry, company, []), outcome: 'ignored', reason: 'stale: a later event about this client was applied already' };
}

/** Why an event changes nothing in Hermes, for the webhook log. */
function ignoredReason(event: Tc2EventDto): string {
  if (event.action === 'AGREE_TERMS') return 'terms agreed: nothing to update';
  if (event.subject.model === 'Invoice') return "the invoice's client is gone or is not an agency's";
  if (event.subject.model !== 'Client') return `Hermes does not process ${event.subject.model} events`;
  return 'the client is not an agency owner (no meta_agency)';
}
