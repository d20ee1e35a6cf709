import { createHash } from 'node:crypto';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { buildId } from '../../common/build-id.util';
import { WebhookLogEntry, WebhookLogService } from '../webhook-log/webhook-log.service';
import { Tc2ClientInput } from './tc2-client';

/**
 * Every table a TC2 client's upsert reads, by what it reads of each: the rows whose versions make up
 * the state digest. `$cligency`, `$agency`, `$recipients` (an int[]) and `$company` stand for the
 * statement's own expressions. A read the upsert gains must be added here (the spec checks).
 */
const STATE_READS: Record<string, string> = {
  company: 'tc2_agency_id = $agency OR tc2_cligency_id = $cligency',
  contact: 'tc2_sr_id = ANY($recipients)',
  tc2_snapshot: `(object_type = 'company' AND object_id IN (SELECT id FROM company WHERE tc2_agency_id = $agency OR tc2_cligency_id = $cligency))
    OR (object_type = 'contact' AND object_id IN (SELECT id FROM contact WHERE tc2_sr_id = ANY($recipients)))`,
  deal: 'company_id = $company',
  company_sync: 'company_id = $company',
  customfieldvalue: 'company_id = $company',
  // Small tables, read whole or by a key the event names: any change to them counts.
  admin: 'true',
  customfield: 'true',
  config: 'true',
  pipeline: 'true',
};

/** The tables the state digest covers, besides `event_clock` (by its `version`). */
export const UNCHANGED_RESEND_TABLES = Object.keys(STATE_READS);

type StateTerms = Record<'cligency' | 'agency' | 'recipients' | 'company' | 'version', string>;

/**
 * md5 of the versions of every row the upsert reads (`xmin` changes with each write to a row, and a
 * row added or deleted changes the set), and of the client's clock version.
 */
function stateDigest(terms: StateTerms): string {
  const substitute = (sql: string) => sql.replace(/\$(cligency|agency|recipients|company)\b/g, (_, term: keyof StateTerms) => terms[term]);
  const versions = Object.entries(STATE_READS).map(
    ([table, where]) => `(SELECT string_agg(ctid::text || xmin::text, ',' ORDER BY ctid) FROM ${table} WHERE ${substitute(where)})`,
  );
  return `md5(jsonb_build_array(${terms.version}, ${versions.join(', ')})::text)`;
}

const CLIENT_CLOCK = `event_clock.source = 'tc2' AND event_clock.entity = 'client' AND event_clock.external_id = $1`;

/** $1 the client's id, $2 its agency's, $3 its recipients', $4 its company's, $5 the input digest: under the event's turn. */
const REMEMBER = `INSERT INTO tc2_unchanged_resend (tc2_cligency_id, company_id, input_digest, state_digest, recorded_at)
  SELECT $1, $4::int, $5, ${stateDigest({ cligency: '$1', agency: '$2', recipients: '$3::int[]', company: '$4::int', version: 'event_clock.version' })}, now()
  FROM event_clock WHERE ${CLIENT_CLOCK}
  ON CONFLICT (tc2_cligency_id) DO UPDATE SET company_id = excluded.company_id, input_digest = excluded.input_digest,
    state_digest = excluded.state_digest, recorded_at = excluded.recorded_at`;

/**
 * The event's turn when it matches what was remembered ($1–$3 as above, $4 the input digest, $5 the
 * event's time), returning the company; no row when it does not. The version is the clock row's own,
 * so a wait for that row ends in comparing the version it was left with.
 */
const ADMIT = `UPDATE event_clock SET event_at = $5
  FROM tc2_unchanged_resend memo
  WHERE ${CLIENT_CLOCK} AND event_clock.event_at <= $5
    AND memo.tc2_cligency_id = $1 AND memo.input_digest = $4
    AND memo.state_digest = ${stateDigest({ cligency: '$1', agency: '$2', recipients: '$3::int[]', company: 'memo.company_id', version: 'event_clock.version' })}
  RETURNING memo.company_id`;

/**
 * TC2 resends every client every few hours, and nearly all of them change nothing. A client's upsert
 * that changed nothing (and found its company's last sync succeeded) is remembered as digests of its
 * input and of every row it read; a later event of the client with the same input, finding those rows
 * unchanged, would change nothing too, so it is answered in one statement: its turn on the event
 * clock and its webhook log row, without the upsert's dozen (docs/architecture.md, "Unchanged resends").
 */
@Injectable()
export class UnchangedResendsService implements OnApplicationBootstrap {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly log: WebhookLogService,
  ) {}

  /** The build's digest is taken here, every module loaded, rather than by the first webhook (it reads each file). */
  onApplicationBootstrap(): void {
    buildId();
  }

  /** After an upsert of `client` that changed nothing, in its transaction (under its turn). */
  async remember(manager: EntityManager, client: Tc2ClientInput, companyId: number): Promise<void> {
    if (!client.sentAt) return;
    await manager.query(REMEMBER, [...this.keys(client), companyId, inputDigest(client)]);
  }

  /**
   * Takes the event's turn and records `entry` (for the remembered company) in one statement, if the
   * event is a resend of what was remembered, nothing it read has changed since, and no later event
   * of the client was applied; false otherwise, having done nothing: the event takes the upsert.
   * A concurrent event of the client that changes something holds the clock's row until it commits
   * and bumps its version, which this statement then finds changed.
   */
  async answer(client: Tc2ClientInput, entry: WebhookLogEntry): Promise<boolean> {
    if (!client.sentAt) return false;
    const recorded = await this.log.recordForEach(this.dataSource.manager, entry, ADMIT, [...this.keys(client), inputDigest(client), client.sentAt]);
    return recorded > 0;
  }

  private keys(client: Tc2ClientInput): [number, number, number[]] {
    return [client.columns.tc2_cligency_id!, client.agencyId, client.recipients.map((recipient) => recipient.id)];
  }
}

/** The client as the event gave it, but for when and where (its time, its place in the request), and the deciding code's build. */
function inputDigest({ field: _field, sentAt: _sentAt, extraAttrs, ...rest }: Tc2ClientInput): string {
  return createHash('sha256')
    .update(buildId())
    .update(JSON.stringify({ ...rest, extraAttrs: [...extraAttrs] }))
    .digest('hex');
}
