import { Injectable, Logger } from '@nestjs/common';
import { HermesConfig } from '../config/hermes-config';
import { PdWebhook, PipedriveClient } from '../pipedrive/pipedrive.client';
import { hermesWebhookInput, hermesWebhookUrl } from './hermes-webhooks';
import { planWebhooks, WebhookPlan, WebhookRemoval, WebhookTarget } from './webhook-plan.util';

/** What `ensure` did. */
export interface WebhookRegistration {
  url: string;
  kept: PdWebhook[];
  deleted: WebhookRemoval[];
  registered: PdWebhook[];
}

/**
 * Hermes' webhooks in Pipedrive: exactly one per object it processes at `{HERMES_URL}/pipedrive/callback/`,
 * webhooks v2, with PD_WEBHOOK_USER/PD_WEBHOOK_PASSWORD; anything else at that URL (v2's hand-made,
 * unauthenticated v1 webhooks, stale credentials, duplicates) goes.
 */
@Injectable()
export class PipedriveWebhooksService {
  private readonly logger = new Logger(PipedriveWebhooksService.name);

  constructor(
    private readonly config: HermesConfig,
    private readonly pipedrive: PipedriveClient,
  ) {}

  get callbackUrl(): string {
    return hermesWebhookUrl(this.config);
  }

  /** Without PD_WEBHOOK_USER every delivery is refused, so there is nothing worth registering. */
  get configured(): boolean {
    return Boolean(this.config.pipedrive.webhookUser);
  }

  /** What `ensure` would do, changing nothing. */
  async inspect(): Promise<WebhookPlan & { url: string }> {
    return { url: this.callbackUrl, ...planWebhooks(await this.pipedrive.listWebhooks(), this.target()) };
  }

  /**
   * Makes Pipedrive hold exactly Hermes' webhooks at its callback URL; a second run changes nothing.
   * The missing ones are registered before the others are deleted, so no event falls in between.
   */
  async ensure(): Promise<WebhookRegistration> {
    const target = this.target();
    const plan = planWebhooks(await this.pipedrive.listWebhooks(), target);
    const registered: PdWebhook[] = [];
    for (const object of plan.register) {
      registered.push(await this.pipedrive.createWebhook(hermesWebhookInput(object, this.config)));
    }
    for (const { webhook, reason } of plan.remove) {
      await this.pipedrive.deleteWebhook(webhook.id);
      this.logger.log(`Deleted Pipedrive webhook ${webhook.id} (${webhook.event_object}) at ${webhook.subscription_url}: ${reason}`);
    }
    return { url: target.url, kept: plan.keep, deleted: plan.remove, registered };
  }

  private target(): WebhookTarget {
    const { webhookUser, webhookPassword } = this.config.pipedrive;
    if (!webhookUser) throw new Error('PD_WEBHOOK_USER is not set: Hermes has no webhooks to register');
    return { url: this.callbackUrl, user: webhookUser, password: webhookPassword ?? '' };
  }
}
