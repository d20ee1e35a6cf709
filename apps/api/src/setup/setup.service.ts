import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CustomField, LinkedObjectType, Pipeline, PRICE_PLANS, Stage } from '@hermes/database';
import { DataSource } from 'typeorm';
import { HermesConfig } from '../config/hermes-config';
import { ConfigService } from '../core/config/config.service';
import { CustomFieldsService } from '../core/custom-fields/custom-fields.service';
import { PipelinesService } from '../core/pipelines/pipelines.service';
import { HermesStateService } from '../core/state/hermes-state.service';
import { PdFieldEntity, PipedriveClient } from '../pipedrive/pipedrive.client';
import { SYNC_STATUS_FIELD_NAME, SYNC_STATUS_FIELD_STATE } from '../pipedrive/sync-status-field.service';
import { HERMES_WEBHOOK_OBJECTS, hermesWebhookInput, hermesWebhookUrl, isHermesWebhook } from '../pipedrive-webhook/hermes-webhooks';
import { PipedriveWebhookService } from '../pipedrive-webhook/pipedrive-webhook.service';
import { DEFAULT_CUSTOM_FIELDS } from './default-custom-fields';

const FIELD_ENTITY: Record<Exclude<LinkedObjectType, 'Meeting'>, PdFieldEntity> = { Company: 'organization', Contact: 'person', Deal: 'deal' };

/**
 * `hermes setup`: makes Hermes and the configured Pipedrive agree — pipelines and
 * stages imported, default data fields and CustomFields in place, the `Hermes sync status`
 * organization field made, webhooks registered, Config's
 * price-plan pipelines chosen by name. Each step does only what is missing, so a second run
 * changes nothing. Returns what it did, a line per change.
 */
@Injectable()
export class SetupService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: HermesConfig,
    private readonly hermesConfig: ConfigService,
    private readonly pipelines: PipelinesService,
    private readonly customFieldRecords: CustomFieldsService,
    private readonly pipedrive: PipedriveClient,
    private readonly pipedriveChanges: PipedriveWebhookService,
    private readonly state: HermesStateService,
  ) {}

  async run(): Promise<string[]> {
    return [
      ...(await this.pipelinesAndStages()),
      ...(await this.customFields()),
      ...(await this.syncStatusField()),
      ...(await this.webhooks()),
      ...(await this.pricePlanPipelines()),
    ];
  }

  /** Pipelines and stages applied as their webhooks would be (PipedriveWebhookService), then default entry stages. */
  private async pipelinesAndStages(): Promise<string[]> {
    const manager = this.dataSource.manager;
    const done: string[] = [];
    const pdPipelines = await this.pipedrive.listPipelines();
    const pdStages = await this.pipedrive.listStages();
    const imports = [
      ...pdPipelines.map((pd) => ({ entity: 'pipeline' as const, pd, exists: () => manager.existsBy(Pipeline, { pd_pipeline_id: pd.id }) })),
      ...pdStages.map((pd) => ({ entity: 'stage' as const, pd, exists: () => manager.existsBy(Stage, { pd_stage_id: pd.id }) })),
    ];
    for (const { entity, pd, exists } of imports) {
      const existed = await exists();
      if ((await this.pipedriveChanges.applyCurrentState(entity, pd)).outcome === 'applied') {
        done.push(`${existed ? 'Updated' : 'Imported'} ${entity} "${pd.name}"`);
      }
    }
    // A pipeline without a default entry stage cannot take new deals: its first stage is the natural one.
    for (const pdPipeline of pdPipelines) {
      const inOrder = pdStages.filter((s) => s.pipeline_id === pdPipeline.id).sort((a, b) => a.order_nr - b.order_nr);
      const chosen = await this.pipelines.defaultToFirstStage(pdPipeline.id, inOrder.map((s) => s.id));
      if (chosen) done.push(`Set the default entry stage of pipeline "${chosen.pipeline.name}" to "${chosen.stage.name}"`);
    }
    return done;
  }

  private async customFields(): Promise<string[]> {
    const manager = this.dataSource.manager;
    const done: string[] = [];
    const pdFields = new Map<PdFieldEntity, Awaited<ReturnType<PipedriveClient['listFields']>>>();
    for (const field of DEFAULT_CUSTOM_FIELDS) {
      const entity = FIELD_ENTITY[field.linked_object_type as keyof typeof FIELD_ENTITY];
      if (!pdFields.has(entity)) pdFields.set(entity, await this.pipedrive.listFields(entity));
      const known = pdFields.get(entity)!;
      const row = await manager.findOneBy(CustomField, { machine_name: field.machine_name, linked_object_type: field.linked_object_type });

      let key = row?.pd_field_id && known.some((f) => f.field_code === row.pd_field_id) ? row.pd_field_id : undefined;
      key ??= known.find((f) => f.is_custom_field && f.field_name.toLowerCase() === field.name.toLowerCase())?.field_code;
      if (!key) {
        const created = await this.pipedrive.createField(entity, { field_name: field.name, field_type: field.pdType });
        known.push(created);
        key = created.field_code;
        done.push(`Created the Pipedrive ${entity} field "${field.name}"`);
      }
      if (row?.pd_field_id === key) continue;
      const { pdType: _pdType, ...columns } = field;
      if (row) await this.customFieldRecords.update(row.id, { pd_field_id: key });
      else await this.customFieldRecords.create({ ...columns, pd_field_id: key });
      done.push(`${row ? 'Linked' : 'Created'} the ${field.linked_object_type} custom field "${field.machine_name}"`);
    }
    return done;
  }

  /**
   * The organization field where Hermes says a company's sync failed for good. Not a CustomField:
   * nothing in Hermes maps to it, and an edit made to it in Pipedrive changes nothing.
   */
  private async syncStatusField(): Promise<string[]> {
    const known = (await this.state.get<{ key: string }>(SYNC_STATUS_FIELD_STATE))?.value.key;
    const fields = await this.pipedrive.listFields('organization');
    if (known && fields.some((field) => field.field_code === known)) return [];
    let field = fields.find((f) => f.is_custom_field && f.field_name.toLowerCase() === SYNC_STATUS_FIELD_NAME.toLowerCase());
    const created = !field;
    field ??= await this.pipedrive.createField('organization', { field_name: SYNC_STATUS_FIELD_NAME, field_type: 'varchar' });
    await this.state.set(SYNC_STATUS_FIELD_STATE, { key: field.field_code });
    return [`${created ? 'Created' : 'Linked'} the Pipedrive organization field "${SYNC_STATUS_FIELD_NAME}"`];
  }

  private async webhooks(): Promise<string[]> {
    if (!this.config.pipedrive.webhookUser) return ['Skipped the Pipedrive webhooks: set PD_WEBHOOK_USER and PD_WEBHOOK_PASSWORD first'];
    const existing = await this.pipedrive.listWebhooks();
    const done: string[] = [];
    for (const object of HERMES_WEBHOOK_OBJECTS) {
      if (existing.some((webhook) => isHermesWebhook(webhook, object, this.config))) continue;
      await this.pipedrive.createWebhook(hermesWebhookInput(object, this.config));
      done.push(`Registered the Pipedrive ${object} webhook at ${hermesWebhookUrl(this.config)}`);
    }
    return done;
  }

  private async pricePlanPipelines(): Promise<string[]> {
    const manager = this.dataSource.manager;
    const config = await this.hermesConfig.get(manager);
    const done: string[] = [];
    for (const plan of PRICE_PLANS) {
      const column = `${plan}_pipeline_id` as const;
      if (config[column]) continue;
      const pipeline = await manager.createQueryBuilder(Pipeline, 'p').where('lower(p.name) = :name', { name: plan }).getOne();
      if (!pipeline) continue;
      await this.hermesConfig.choosePipeline(plan, pipeline.id);
      done.push(`Config: ${plan} deals go to pipeline "${pipeline.name}"`);
    }
    return done;
  }
}
