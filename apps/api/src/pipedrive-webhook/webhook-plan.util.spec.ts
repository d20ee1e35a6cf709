import { PdWebhook } from '../pipedrive/pipedrive.client';
import { HERMES_WEBHOOK_OBJECTS } from './hermes-webhooks';
import { planWebhooks } from './webhook-plan.util';

const URL_ = 'https://hermes.example/pipedrive/callback/';
const TARGET = { url: URL_, user: 'pipedrive', password: 'secret' };

let nextId = 1;
function webhook(changes: Partial<PdWebhook>): PdWebhook {
  return {
    id: nextId++,
    name: 'a webhook',
    event_action: '*',
    event_object: 'deal',
    subscription_url: URL_,
    version: '2.0',
    is_active: 1,
    http_auth_user: 'pipedrive',
    http_auth_password: 'secret',
    user_id: 1,
    owner_id: 1,
    add_time: '2024-01-01T00:00:00Z',
    last_delivery_time: null,
    last_http_status: null,
    ...changes,
  };
}

const hermes = () => HERMES_WEBHOOK_OBJECTS.map((event_object) => webhook({ event_object }));

describe('planWebhooks', () => {
  it("keeps Hermes' five webhooks and has nothing else to do", () => {
    const existing = hermes();
    expect(planWebhooks(existing, TARGET)).toEqual({ keep: existing, remove: [], register: [] });
  });

  it("replaces v2's unauthenticated v1 webhooks, products and users included", () => {
    const v2 = ['deal', 'organization', 'person', 'pipeline', 'stage', 'product', 'user'].map((event_object) =>
      webhook({ event_object: event_object as PdWebhook['event_object'], version: '1.0', http_auth_user: null, http_auth_password: null }),
    );

    const plan = planWebhooks(v2, TARGET);

    expect(plan.keep).toEqual([]);
    expect(plan.register).toEqual(HERMES_WEBHOOK_OBJECTS);
    expect(plan.remove.map((r) => [r.webhook.event_object, r.reason])).toEqual(v2.map((w) => [w.event_object, 'webhooks v1.0 (Hermes reads webhooks v2)']));
  });

  it('says why each other webhook at the callback goes, and leaves other URLs alone', () => {
    const [organization, person, deal, pipeline, stage] = hermes();
    const elsewhere = webhook({ subscription_url: 'https://zapier.example/hook', http_auth_user: null, version: '1.0' });
    const others = [
      webhook({ event_object: 'organization', http_auth_user: null }),
      webhook({ event_object: 'person', http_auth_password: 'old-secret' }),
      webhook({ event_object: 'product' }),
      webhook({ event_object: 'deal', event_action: 'change' }),
      webhook({ event_object: 'stage', subscription_url: 'https://HERMES.example/pipedrive/callback' }),
    ];

    const plan = planWebhooks([organization, person, deal, { ...pipeline, is_active: 0 }, stage, elsewhere, ...others], TARGET);

    expect(plan.keep).toEqual([organization, person, deal, stage]);
    expect(plan.register).toEqual(['pipeline']);
    expect(plan.remove.map((r) => r.reason)).toEqual([
      'inactive',
      'no Basic auth',
      'Basic auth other than PD_WEBHOOK_USER/PD_WEBHOOK_PASSWORD',
      'product events, which Hermes does not process',
      'only change events',
      'a second stage webhook',
    ]);
  });
});
