/** A TC2 admin as it appears on a client. */
export interface Tc2SimAdmin {
  id: number;
  first_name: string | null;
  last_name: string;
  email: string | null;
}

export interface Tc2SimRecipient {
  id: number;
  first_name: string | null;
  last_name: string;
  email: string | null;
  url: string;
}

export interface Tc2SimExtraAttr {
  id: number;
  machine_name: string;
  name: string;
  type: string;
  value: string;
}

export interface Tc2SimUser {
  title: string | null;
  first_name: string | null;
  last_name: string;
  email: string | null;
  mobile: string | null;
  phone: string | null;
  street: string | null;
  state: string | null;
  town: string | null;
  country: string | null;
  postcode: string | null;
  date_created: string;
  timezone: string | null;
  [field: string]: unknown;
}

export interface Tc2SimMetaAgency {
  id: number;
  name: string;
  website: string | null;
  status: string;
  paid_invoice_count: number;
  country: string;
  price_plan: string;
  narc: boolean;
  created: string | number;
  signup_questionnaire: Record<string, unknown> | null;
  pay0_dt: string | null;
  pay1_dt: string | null;
  pay3_dt: string | null;
  card_saved_dt: string | null;
  email_confirmed_dt: string | null;
  gclid: string | null;
  gclid_expiry_dt: string | null;
  [field: string]: unknown;
}

/** A client ("Cligency") as TC2 serialises it for Hermes. */
export interface Tc2SimClient {
  id: number;
  model: 'Client';
  url: string;
  user: Tc2SimUser;
  status: string;
  meta_agency: Tc2SimMetaAgency | null;
  associated_admin: Tc2SimAdmin | null;
  sales_person: Tc2SimAdmin | null;
  bdr_person: Tc2SimAdmin | null;
  paid_recipients: Tc2SimRecipient[];
  extra_attrs: Tc2SimExtraAttr[];
}

/** What a test may give to build a client: any field, nested objects merged into the defaults. */
export type Tc2ClientOverrides = Partial<Omit<Tc2SimClient, 'user' | 'meta_agency' | 'paid_recipients' | 'extra_attrs'>> & {
  user?: Partial<Tc2SimUser>;
  meta_agency?: Partial<Tc2SimMetaAgency> | null;
  paid_recipients?: (Partial<Tc2SimRecipient> & { last_name: string })[];
  extra_attrs?: (Partial<Tc2SimExtraAttr> & { machine_name: string; value: string })[];
};

export interface Tc2WebhookEvent {
  action: string;
  verb: string;
  timestamp: string;
  branch: number;
  actor: { name: string; id: number; user_id: number; url: string };
  subject: { model: string; id: number; [field: string]: unknown };
}

/** The JSON body TC2 POSTs to a webhook URL. */
export interface Tc2WebhookBody {
  events: Tc2WebhookEvent[];
  _request_time: number;
}

/** One `POST /api/clients/` the simulator accepted. */
export interface Tc2SimSave {
  clientId: number;
  created: boolean;
  payload: unknown;
  at: string;
}

export type Tc2SimFailure =
  | { kind: 'rate-limit'; retryAfterSeconds?: number }
  | { kind: 'server-error'; status?: number }
  | { kind: 'latency'; ms: number };

/** How `sendWebhook` signs: correctly, with the wrong key, or not at all. */
export type Tc2WebhookSigning = 'valid' | 'wrong' | 'missing';

export interface Tc2WebhookDelivery {
  url: string;
  /** The exact bytes sent (and signed). */
  rawBody: string;
  signature: string | null;
  status?: number;
  responseBody?: string;
  error?: string;
  at: string;
}
