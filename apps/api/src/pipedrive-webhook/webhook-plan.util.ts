import { PdWebhook, PdWebhookObject } from '../pipedrive/pipedrive.client';
import { HERMES_WEBHOOK_OBJECTS } from './hermes-webhooks';

/** Where Hermes' webhooks point and the Basic auth they must send. */
export interface WebhookTarget {
  url: string;
  user: string;
  password: string;
}

export interface WebhookRemoval {
  webhook: PdWebhook;
  /** Why it is not one of Hermes' own, e.g. `no Basic auth`. */
  reason: string;
}

/** What must change so that exactly Hermes' webhooks point at its callback URL. */
export interface WebhookPlan {
  /** Hermes' own: v2, every action, its credentials, active; one per object. */
  keep: PdWebhook[];
  /** Every other webhook at the callback URL (e.g. v2's: webhooks v1, unauthenticated, for products and users). */
  remove: WebhookRemoval[];
  /** The objects that have no webhook of Hermes' own yet. */
  register: PdWebhookObject[];
}

/**
 * Sorts the account's webhooks against Hermes' callback: webhooks pointing elsewhere are none of
 * Hermes' business and are left out of the plan. Pure, so setup, the doctor and any health check
 * read the same verdict.
 */
export function planWebhooks(existing: readonly PdWebhook[], target: WebhookTarget): WebhookPlan {
  const plan: WebhookPlan = { keep: [], remove: [], register: [] };
  const ours = existing.filter((webhook) => sameEndpoint(webhook.subscription_url, target.url)).sort((a, b) => a.id - b.id);
  for (const webhook of ours) {
    const reason = whyNotHermes(webhook, target) ?? (plan.keep.some((kept) => kept.event_object === webhook.event_object) ? `a second ${webhook.event_object} webhook` : undefined);
    if (reason) plan.remove.push({ webhook, reason });
    else plan.keep.push(webhook);
  }
  plan.register = HERMES_WEBHOOK_OBJECTS.filter((object) => !plan.keep.some((kept) => kept.event_object === object));
  return plan;
}

function whyNotHermes(webhook: PdWebhook, target: WebhookTarget): string | undefined {
  if (webhook.version !== '2.0') return `webhooks v${webhook.version} (Hermes reads webhooks v2)`;
  if (webhook.http_auth_user === null || webhook.http_auth_user === '') return 'no Basic auth';
  if (webhook.http_auth_user !== target.user || (webhook.http_auth_password ?? '') !== target.password) return 'Basic auth other than PD_WEBHOOK_USER/PD_WEBHOOK_PASSWORD';
  if (!HERMES_WEBHOOK_OBJECTS.includes(webhook.event_object)) return `${webhook.event_object} events, which Hermes does not process`;
  if (webhook.event_action !== '*') return `only ${webhook.event_action} events`;
  if (webhook.is_active !== 1) return 'inactive';
  return undefined;
}

/** The same callback, whatever the host's case, a default port or a trailing slash. */
function sameEndpoint(a: string, b: string): boolean {
  const key = (url: string) => {
    if (!URL.canParse(url)) return url;
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}${parsed.search}`;
  };
  return key(a) === key(b);
}
