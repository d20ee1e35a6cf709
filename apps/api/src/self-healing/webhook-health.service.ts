import { Injectable, Logger } from '@nestjs/common';
import { HermesConfig } from '../config/hermes-config';
import { HermesStateService } from '../core/state/hermes-state.service';
import { PipedriveClient } from '../pipedrive/pipedrive.client';
import { HERMES_WEBHOOK_OBJECTS, hermesWebhookInput, hermesWebhookUrl, isHermesWebhook } from '../pipedrive-webhook/hermes-webhooks';

export const WEBHOOK_HEALTH_STATE = 'pipedrive.webhook-health';

export interface WebhookHealth {
  checkedAt: string;
  /** Hermes' five webhooks exist, active, with Basic auth, and nothing else posts to its URL without it. */
  ok: boolean;
  /** What the check did: webhooks registered again. */
  repaired: string[];
  /** What it could not put right. */
  problems: string[];
}

/**
 * Pipedrive bans a webhook for 30 minutes after ten failed deliveries and deletes one that has not
 * succeeded for three days: with the catch-up, Hermes checks its webhooks and registers again any
 * that is missing or disabled, as `hermes setup` would. One request when all is well.
 */
@Injectable()
export class WebhookHealthService {
  private readonly logger = new Logger(WebhookHealthService.name);

  constructor(
    private readonly config: HermesConfig,
    private readonly pipedrive: PipedriveClient,
    private readonly state: HermesStateService,
  ) {}

  async check(now = new Date()): Promise<WebhookHealth> {
    const repaired: string[] = [];
    const problems: string[] = [];
    const url = hermesWebhookUrl(this.config);
    if (!this.config.pipedrive.webhookUser) {
      problems.push('PD_WEBHOOK_USER and PD_WEBHOOK_PASSWORD are not set: Hermes cannot register authenticated webhooks');
    } else {
      const webhooks = await this.pipedrive.listWebhooks();
      for (const object of HERMES_WEBHOOK_OBJECTS) {
        const own = webhooks.filter((webhook) => isHermesWebhook(webhook, object, this.config));
        if (own.some((webhook) => webhook.is_active)) continue;
        // A disabled one stays so: it is replaced rather than left to fail again.
        for (const webhook of own) await this.pipedrive.deleteWebhook(webhook.id);
        await this.pipedrive.createWebhook(hermesWebhookInput(object, this.config));
        repaired.push(`${own.length ? 'Replaced the disabled' : 'Registered the missing'} Pipedrive ${object} webhook at ${url}`);
      }
      for (const webhook of webhooks.filter((w) => w.subscription_url === url && !w.http_auth_user)) {
        problems.push(`Webhook ${webhook.id} (${webhook.event_object} ${webhook.event_action}) posts to ${url} without Basic auth: its deliveries are refused; run setup`);
      }
    }
    for (const line of repaired) this.logger.warn(line);
    for (const line of problems) this.logger.warn(line);
    const health: WebhookHealth = { checkedAt: now.toISOString(), ok: problems.length === 0, repaired, problems };
    await this.state.set(WEBHOOK_HEALTH_STATE, health);
    return health;
  }
}
