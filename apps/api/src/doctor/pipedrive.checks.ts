import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CustomField, Stage } from '@hermes/database';
import { DataSource, In, IsNull } from 'typeorm';
import { HermesConfig } from '../config/hermes-config';
import { PIPEDRIVE_FIELD_ENTITY, PIPEDRIVE_FIELD_TYPES } from '../pipedrive/custom-field-values.util';
import { PdAccountStatus, PdField, PdFieldEntity, PipedriveClient } from '../pipedrive/pipedrive.client';
import { PipedriveAuthError, PipedriveDailyBudgetError, PipedriveError } from '../pipedrive/pipedrive.errors';
import { PipedriveWebhooksService } from '../pipedrive-webhook/pipedrive-webhooks.service';
import { DoctorCheck, failed, guarded, passed, problem } from './doctor-check';

const SETUP = 'run `npm run hermes -- setup`';

/**
 * Pipedrive as Hermes needs it: the token accepted, the configured rate within the plan's, budget
 * left for today, every custom field's key an existing field of a type that takes its values, Hermes'
 * webhooks registered (and no others at its callback), and every stage in its pipeline.
 */
@Injectable()
export class PipedriveChecks {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: HermesConfig,
    private readonly pipedrive: PipedriveClient,
    private readonly webhooks: PipedriveWebhooksService,
  ) {}

  async run(): Promise<DoctorCheck[]> {
    const account = await this.account().catch((error: unknown) => ({ check: failed('Pipedrive', error), status: undefined }));
    const stages = await guarded('Stages', () => this.stages());
    if (!account.status) return [account.check, ...stages];
    return [
      account.check,
      this.rateLimit(account.status),
      this.dailyBudget(account.status),
      ...(await guarded('Custom fields', () => this.customFields())),
      ...(await guarded('Pipedrive webhooks', () => this.registeredWebhooks())),
      ...stages,
    ];
  }

  private async account(): Promise<{ check: DoctorCheck; status?: PdAccountStatus }> {
    const { apiKey, baseUrl } = this.config.pipedrive;
    if (!apiKey || !baseUrl) {
      const missing = [apiKey ? '' : 'PD_API_KEY', baseUrl ? '' : 'PD_BASE_URL'].filter(Boolean).join(' and ');
      return { check: problem('Pipedrive', `${missing} not set`, "set PD_API_KEY (Pipedrive: Personal preferences → API) and PD_BASE_URL, e.g. https://yourcompany.pipedrive.com") };
    }
    try {
      const status = await this.pipedrive.getAccountStatus();
      return { check: passed('Pipedrive', `${baseUrl} accepts PD_API_KEY (the token of ${status.user.name} <${status.user.email}>)`), status };
    } catch (error) {
      if (error instanceof PipedriveAuthError) {
        return { check: problem('Pipedrive', `${baseUrl} refuses PD_API_KEY (${error.status})`, 'set PD_API_KEY to a current API token of a Pipedrive admin user') };
      }
      if (error instanceof PipedriveDailyBudgetError) {
        return { check: problem('Pipedrive', "the account's daily API budget is spent (x-daily-requests-left: 0)", 'wait until the budget renews, or raise it with a larger plan; syncs fail until then') };
      }
      if (!(error instanceof PipedriveError)) throw error;
      return { check: problem('Pipedrive', `${baseUrl} did not answer as Pipedrive does: ${error.message}`, 'check PD_BASE_URL, e.g. https://yourcompany.pipedrive.com') };
    }
  }

  private rateLimit({ rateLimitPer2s: plan }: PdAccountStatus): DoctorCheck {
    const configured = this.config.pipedrive.rateLimitPer2s;
    if (plan === null) return passed('Pipedrive rate limit', `PD_RATE_LIMIT_PER_2S=${configured}; Pipedrive sent no x-ratelimit-limit to compare it with`);
    if (configured > plan) {
      return problem(
        'Pipedrive rate limit',
        `PD_RATE_LIMIT_PER_2S=${configured}, but the plan allows ${plan} requests per 2 seconds: Pipedrive would answer 429s`,
        `set PD_RATE_LIMIT_PER_2S to ${plan} or less (less if other integrations share the account)`,
      );
    }
    return passed('Pipedrive rate limit', `PD_RATE_LIMIT_PER_2S=${configured}, within the plan's ${plan} per 2 seconds`);
  }

  private dailyBudget({ dailyRequestsLeft: left }: PdAccountStatus): DoctorCheck {
    if (left === null) return passed('Pipedrive daily budget', 'Pipedrive sent no x-daily-requests-left');
    if (left === 0) return problem('Pipedrive daily budget', 'no requests left today', 'wait until the budget renews, or raise it with a larger plan; syncs fail until then');
    return passed('Pipedrive daily budget', `${left} requests left today`);
  }

  /** A field Pipedrive does not have, or one whose type refuses Hermes' values, fails every sync of its objects. */
  private async customFields(): Promise<DoctorCheck[]> {
    const linkable = Object.keys(PIPEDRIVE_FIELD_ENTITY) as (keyof typeof PIPEDRIVE_FIELD_ENTITY)[];
    const fields = (await this.dataSource.manager.find(CustomField, { where: { linked_object_type: In(linkable) }, order: { id: 'ASC' } })).filter((f) => f.pd_field_id);
    const pdFields = new Map<PdFieldEntity, PdField[]>();
    const checks: DoctorCheck[] = [];
    for (const field of fields) {
      const entity = PIPEDRIVE_FIELD_ENTITY[field.linked_object_type as keyof typeof PIPEDRIVE_FIELD_ENTITY];
      if (!pdFields.has(entity)) pdFields.set(entity, await this.pipedrive.listFields(entity));
      const pdField = pdFields.get(entity)!.find((f) => f.field_code === field.pd_field_id);
      const name = `Custom field "${field.name}"`;
      const what = `(${field.linked_object_type}, ${field.machine_name ?? field.name})`;
      if (!pdField) {
        checks.push(
          problem(
            name,
            `${what}: Pipedrive has no ${entity} field with the key ${field.pd_field_id}`,
            `set its Pipedrive field key on the SPA's Custom fields page to one of Pipedrive's ${entity} fields (${SETUP} relinks Hermes' default fields)`,
          ),
        );
        continue;
      }
      const fits = PIPEDRIVE_FIELD_TYPES[field.field_type];
      if (!fits.includes(pdField.field_type)) {
        checks.push(
          problem(
            name,
            `${what} is ${field.field_type}, but Pipedrive's ${entity} field "${pdField.field_name}" is ${pdField.field_type}: it refuses the values Hermes sends`,
            fits.length
              ? `point it at a Pipedrive field of type ${fits.join(' or ')}, or change its type on the SPA's Custom fields page`
              : `Pipedrive has no field type for ${field.field_type} values: change its type on the SPA's Custom fields page, or clear its Pipedrive field key`,
          ),
        );
      }
    }
    return checks.length ? checks : [passed('Custom fields', `${fields.length} with a Pipedrive field key, each an existing field of a fitting type`)];
  }

  private async registeredWebhooks(): Promise<DoctorCheck[]> {
    const name = 'Pipedrive webhooks';
    if (!this.webhooks.configured) {
      return [problem(name, 'PD_WEBHOOK_USER is not set: Hermes refuses every delivery', `set PD_WEBHOOK_USER and PD_WEBHOOK_PASSWORD, then ${SETUP}`)];
    }
    const { url, keep, remove, register } = await this.webhooks.inspect();
    const wrong = [
      register.length ? `none for ${register.join(', ')}` : '',
      ...remove.map(({ webhook, reason }) => `webhook ${webhook.id} (${webhook.event_object}): ${reason}`),
    ].filter(Boolean);
    if (wrong.length) return [problem(name, `at ${url}: ${wrong.join('; ')}`, `${SETUP}: it registers Hermes' webhooks and deletes the others at that URL`)];
    return [passed(name, `${keep.map((w) => w.event_object).join(', ')} at ${url}, with Basic auth`)];
  }

  /** A stage without its pipeline is never offered as an entry stage in the SPA. */
  private async stages(): Promise<DoctorCheck[]> {
    const manager = this.dataSource.manager;
    const orphans = await manager.find(Stage, { where: { pipeline_id: IsNull() }, order: { id: 'ASC' } });
    if (orphans.length) {
      const names = orphans.map((s) => `"${s.name}" (Pipedrive stage ${s.pd_stage_id})`).join(', ');
      return [problem('Stages', `${orphans.length} without their pipeline: ${names}`, `${SETUP}: it gives each stage Pipedrive still has its pipeline`)];
    }
    return [passed('Stages', `all ${await manager.count(Stage)} in their pipeline`)];
  }
}
