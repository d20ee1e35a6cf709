import { HermesConfig } from '../config/hermes-config';
import { PdWebhook, PdWebhookInput, PdWebhookObject } from '../pipedrive/pipedrive.client';
import { PIPEDRIVE_WEBHOOK_PATH } from './pipedrive-webhook.controller';

/** The objects whose every event Hermes subscribes to, one webhook each. */
export const HERMES_WEBHOOK_OBJECTS: PdWebhookObject[] = ['organization', 'person', 'deal', 'pipeline', 'stage'];

/** Where this Hermes takes Pipedrive's webhooks. */
export function hermesWebhookUrl(config: HermesConfig): string {
  return `${config.hermesUrl.replace(/\/+$/, '')}${PIPEDRIVE_WEBHOOK_PATH}/`;
}

/** Whether `webhook` is Hermes' own for `object`: every event, webhooks v2, at its URL, with its Basic auth user. */
export function isHermesWebhook(webhook: PdWebhook, object: PdWebhookObject, config: HermesConfig): boolean {
  return (
    webhook.subscription_url === hermesWebhookUrl(config) &&
    webhook.event_object === object &&
    webhook.event_action === '*' &&
    webhook.version === '2.0' &&
    webhook.http_auth_user === config.pipedrive.webhookUser
  );
}

/** The webhook Hermes registers for `object`. */
export function hermesWebhookInput(object: PdWebhookObject, config: HermesConfig): PdWebhookInput {
  return {
    name: `Hermes ${object}`,
    subscription_url: hermesWebhookUrl(config),
    event_action: '*',
    event_object: object,
    http_auth_user: config.pipedrive.webhookUser,
    http_auth_password: config.pipedrive.webhookPassword ?? '',
  };
}
