/**
 * Hermes' view of TutorCruncher (TC2): read a client ("Cligency") and save one back. The shapes
 * are the client object as TC2 serialises it for Hermes — the public API's client plus the
 * `meta_agency` behind it and the sales/support/BDR admins. Failures are the errors in
 * `tc2.errors.ts`.
 *
 * An abstract class rather than an interface so it can be the NestJS injection token.
 */

export interface Tc2User {
  email: string | null;
  phone: string | null;
  first_name: string | null;
  last_name: string;
  title?: string | null;
  mobile?: string | null;
  street?: string | null;
  town?: string | null;
  state?: string | null;
  postcode?: string | null;
  country?: string | null;
  date_created?: string;
  timezone?: string | null;
  [field: string]: unknown;
}

/** A TC2 admin as it appears on a client (`associated_admin`, `sales_person`, `bdr_person`). */
export interface Tc2AdminRef {
  id: number;
  first_name?: string | null;
  last_name?: string;
  email?: string | null;
}

/** A paying recipient ("SR"): a contact at the client's business. */
export interface Tc2Recipient {
  id: number;
  first_name: string | null;
  last_name: string;
  email: string | null;
  url?: string;
}

export interface Tc2ExtraAttr {
  machine_name: string;
  value: string;
  id?: number;
  name?: string;
  type?: string;
}

/** The TutorCruncher account the client belongs to: what Hermes calls the Company. */
export interface Tc2MetaAgency {
  id: number;
  name: string;
  status: string;
  /** ISO datetime, or unix seconds in older payloads. */
  created: string | number;
  /** e.g. `1-payg`, `2-startup`, `3-enterprise`: the plan is the part after the hyphen. */
  price_plan: string;
  narc: boolean | null;
  paid_invoice_count: number;
  website: string | null;
  /** e.g. `United Kingdom (GB)`: the ISO code is in the brackets. */
  country: string;
  signup_questionnaire?: Record<string, unknown> | null;
  pay0_dt?: string | null;
  pay1_dt?: string | null;
  pay3_dt?: string | null;
  card_saved_dt?: string | null;
  email_confirmed_dt?: string | null;
  gclid?: string | null;
  gclid_expiry_dt?: string | null;
  [field: string]: unknown;
}

/** A TC2 client as `GET /api/clients/{id}/` returns it (and as webhooks carry it, with `model: 'Client'`). */
export interface Tc2ClientObject {
  id: number;
  model?: 'Client';
  url?: string;
  user: Tc2User;
  status: string;
  /** Absent on clients that are not a TutorCruncher account's owner. */
  meta_agency?: Tc2MetaAgency | null;
  paid_recipients: Tc2Recipient[];
  extra_attrs: Tc2ExtraAttr[];
  associated_admin: Tc2AdminRef | null;
  sales_person: Tc2AdminRef | null;
  bdr_person: Tc2AdminRef | null;
  [field: string]: unknown;
}

/**
 * The body of `POST /api/clients/`: TC2 finds the client by `user.email` and updates what is
 * given. Unlike the client object, extra attrs go as a `{machine_name: value}` map and admins as
 * TC2 admin ids.
 */
export interface Tc2ClientSavePayload {
  user: { email: string | null; last_name: string; first_name?: string | null; phone?: string | null };
  status?: string;
  paid_recipients?: { last_name: string; first_name?: string | null; email?: string | null }[];
  extra_attrs?: Record<string, string | number | boolean | Record<string, unknown> | null>;
  associated_admin?: number | null;
  sales_person?: number | null;
  bdr_person?: number | null;
}

export abstract class Tc2Client {
  /** `GET /api/clients/{id}/`; a client TC2 does not know is a `Tc2NotFoundError`. */
  abstract getClient(id: number): Promise<Tc2ClientObject>;

  /** `POST /api/clients/`: updates the client with `payload.user.email`; resolves to the saved client. */
  abstract saveClient(payload: Tc2ClientSavePayload): Promise<Tc2ClientObject>;

  /** How many clients the key can see (`GET /api/clients/`, its first page): proves TC2 accepts the key. */
  abstract countClients(): Promise<number>;
}
