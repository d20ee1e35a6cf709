import { Injectable, Logger } from '@nestjs/common';
import { HermesStateService } from '../core/state/hermes-state.service';
import { PipedriveWebhooksService } from '../pipedrive-webhook/pipedrive-webhooks.service';

export const WEBHOOK_HEALTH_STATE = 'pipedrive.webhook-health';

export interface WebhookHealth {
  checkedAt: string;
  /** Hermes' five webhooks exist, active, with Basic auth, and nothing else posts to its URL. */
  ok: boolean;
  /** What the check put right: webhooks registered again, others at Hermes' URL deleted. */
  repaired: string[];
  /** What it could not put right. */
  problems: string[];
}

/**
 * Pipedrive bans a webhook for 30 minutes after ten failed deliveries and deletes one that has not
 * succeeded for three days: with the catch-up, Hermes makes its webhooks right again as `hermes
 * setup` does (PipedriveWebhooksService): a missing or disabled one is registered, anything else
 * at its callback URL goes. One request when all is well.
 */
@Injectable()
export class WebhookHealthService {
  private readonly logger = new Logger(WebhookHealthService.name);

  constructor(
    private readonly webhooks: PipedriveWebhooksService,
    private readonly state: HermesStateService,
  ) {}

  async check(now = new Date()): Promise<WebhookHealth> {
    const repaired: string[] = [];
    const problems: string[] = [];
    if (!this.webhooks.configured) {
      problems.push('PD_WEBHOOK_USER and PD_WEBHOOK_PASSWORD are not set: Hermes cannot register authenticated webhooks');
    } else {
      const { url, registered, deleted } = await this.webhooks.ensure();
      repaired.push(
        ...registered.map((webhook) => `Registered the Pipedrive ${webhook.event_object} webhook at ${url}`),
        ...deleted.map(({ webhook, reason }) => `Deleted webhook ${webhook.id} (${webhook.event_object}) at ${url}: ${reason}`),
      );
    }
    for (const line of [...repaired, ...problems]) this.logger.warn(line);
    const health: WebhookHealth = { checkedAt: now.toISOString(), ok: problems.length === 0, repaired, problems };
    await this.state.set(WEBHOOK_HEALTH_STATE, health);
    return health;
  }
}
