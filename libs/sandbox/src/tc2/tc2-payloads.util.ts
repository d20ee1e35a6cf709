import {
  Tc2ClientOverrides,
  Tc2SimAdmin,
  Tc2SimClient,
  Tc2SimExtraAttr,
  Tc2SimRecipient,
  Tc2WebhookBody,
  Tc2WebhookEvent,
} from './tc2-sim.types';

/**
 * Realistic TC2 payloads for tests and the sandbox: a client as TC2 serialises it, and webhook
 * events about clients and invoices in the shapes TC2 sends (`{events: [...], _request_time}`).
 * Pure functions; the simulator adds ids and state.
 */

const TC2_HOST = 'https://secure.tutorcruncher.com';

/** What TC2 puts in `verb` for the actions Hermes sees. */
const VERBS: Record<string, string> = {
  CREATED_A_CLIENT: 'Created a Client',
  EDITED_A_CLIENT: 'Edited a Client',
  DELETED_A_CLIENT: 'Deleted a Client',
  CHANGED_CLIENT_STATUS: "Changed a Client's status",
  AGREE_TERMS: 'Agreed to Terms and Conditions',
  RAISED_INVOICE: 'Raised an Invoice',
  CLIENT_PAID_INVOICE: 'Paid their Invoice',
  MARKED_INVOICE_AS_PAID: 'Marked an Invoice as paid',
};

export const DEFAULT_TC2_ADMIN: Tc2SimAdmin = { id: 301, first_name: 'Sam', last_name: 'Seller', email: 'sam@tutorcruncher.example' };

export function buildTc2Client(overrides: Tc2ClientOverrides = {}): Tc2SimClient {
  const id = overrides.id ?? 101;
  const user = {
    title: null,
    first_name: 'Jane',
    last_name: 'Doe',
    email: 'jane@brightside.example',
    mobile: null,
    phone: '+44 20 7946 0018',
    street: '12 Helmet Row',
    state: null,
    town: 'London',
    country: 'United Kingdom (GB)',
    postcode: 'EC1V 3QJ',
    date_created: '2026-01-05T09:30:00.000000Z',
    timezone: null,
    ...overrides.user,
  };
  const metaAgency =
    overrides.meta_agency === null
      ? null
      : {
          id: 201,
          name: 'Brightside Tutors',
          website: 'https://brightside.example',
          status: 'active',
          paid_invoice_count: 2,
          country: 'United Kingdom (GB)',
          price_plan: '1-payg',
          narc: false,
          created: '2026-01-05T09:30:00.000000Z',
          signup_questionnaire: null,
          pay0_dt: null,
          pay1_dt: null,
          pay3_dt: null,
          card_saved_dt: null,
          email_confirmed_dt: null,
          gclid: null,
          gclid_expiry_dt: null,
          ...overrides.meta_agency,
        };
  const recipients = overrides.paid_recipients ?? [{ id: 401, first_name: user.first_name, last_name: user.last_name, email: user.email }];
  const extraAttrs = overrides.extra_attrs ?? [];
  return {
    associated_admin: DEFAULT_TC2_ADMIN,
    sales_person: DEFAULT_TC2_ADMIN,
    bdr_person: null,
    status: 'live',
    ...overrides,
    id,
    model: 'Client',
    url: overrides.url ?? `${TC2_HOST}/api/clients/${id}/`,
    user,
    meta_agency: metaAgency,
    paid_recipients: recipients.map((r, i) => tc2Recipient({ id: 401 + i, first_name: null, email: null, ...r })),
    extra_attrs: extraAttrs.map((a, i) => tc2ExtraAttr({ id: 501 + i, ...a })),
  };
}

export function tc2Recipient(recipient: Omit<Tc2SimRecipient, 'url'>): Tc2SimRecipient {
  return { ...recipient, url: `${TC2_HOST}/api/recipients/${recipient.id}/` };
}

export function tc2ExtraAttr(attr: Partial<Tc2SimExtraAttr> & { id: number; machine_name: string; value: string }): Tc2SimExtraAttr {
  return { name: titleCase(attr.machine_name), type: 'Short Textbox', ...attr };
}

export interface Tc2EventOptions {
  action?: string;
  timestamp?: Date;
}

/** An event whose subject is the whole client (created, edited, status changed, terms agreed). */
export function tc2ClientEvent(client: Tc2SimClient, { action = 'EDITED_A_CLIENT', timestamp }: Tc2EventOptions = {}): Tc2WebhookEvent {
  return event(action, timestamp, { ...structuredClone(client), model: 'Client' });
}

/** After a deletion TC2 only has the client's id and name left to send. */
export function tc2DeletedClientEvent(
  client: Pick<Tc2SimClient, 'id'> & { user: { first_name: string | null; last_name: string } },
  { timestamp }: Pick<Tc2EventOptions, 'timestamp'> = {},
): Tc2WebhookEvent {
  const subject = { id: client.id, model: 'Client', first_name: client.user.first_name, last_name: client.user.last_name };
  return event('DELETED_A_CLIENT', timestamp, subject);
}

/** An invoice event: the subject names its client, whom Hermes then fetches. */
export function tc2InvoiceEvent(
  client: Tc2SimClient,
  invoice: { id: number; gross?: string; status?: string },
  { action = 'RAISED_INVOICE', timestamp }: Tc2EventOptions = {},
): Tc2WebhookEvent {
  return event(action, timestamp, {
    id: invoice.id,
    model: 'Invoice',
    url: `${TC2_HOST}/api/invoices/${invoice.id}/`,
    display_id: `INV-${invoice.id}`,
    date_sent: (timestamp ?? new Date()).toISOString(),
    gross: invoice.gross ?? '120.00',
    status: invoice.status ?? 'unpaid',
    client: {
      id: client.id,
      first_name: client.user.first_name,
      last_name: client.user.last_name,
      email: client.user.email,
      url: client.url,
    },
  });
}

export function tc2WebhookBody(events: Tc2WebhookEvent[], requestTime: Date = new Date()): Tc2WebhookBody {
  return { events, _request_time: Math.floor(requestTime.getTime() / 1000) };
}

function event(action: string, timestamp: Date | undefined, subject: Tc2WebhookEvent['subject']): Tc2WebhookEvent {
  return {
    action,
    verb: VERBS[action] ?? action,
    timestamp: (timestamp ?? new Date()).toISOString(),
    branch: 3001,
    actor: { name: 'Sam Seller', id: DEFAULT_TC2_ADMIN.id, user_id: 9301, url: '' },
    subject,
  };
}

function titleCase(machineName: string): string {
  const words = machineName.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
