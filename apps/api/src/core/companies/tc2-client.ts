import { Company } from '@hermes/database';
import { Tc2AdminRole } from '../admins/admins.service';

/** The Company columns a TC2 client gives, already in Hermes' terms (country code, plan, dates). */
export type Tc2CompanyColumns = Pick<
  Company,
  | 'tc2_cligency_id'
  | 'tc2_status'
  | 'name'
  | 'country'
  | 'website'
  | 'paid_invoice_count'
  | 'price_plan'
  | 'narc'
  | 'signup_questionnaire'
  | 'created'
  | 'pay0_dt'
  | 'pay1_dt'
  | 'pay3_dt'
  | 'card_saved_dt'
  | 'email_confirmed_dt'
  | 'gclid'
  | 'gclid_expiry_dt'
>;

/**
 * A TC2 client (a cligency of a meta agency) as the core takes it: the TC2 module translates TC2's
 * payloads into this, and the core decides what becomes of it (docs/field-ownership.md).
 */
export interface Tc2ClientInput {
  /**
   * Where the client is in the caller's own input (`events.0.subject`), so an unknown admin id is
   * named there; null when the caller sent none of it (a client fetched from TC2).
   */
  field: string | null;
  /** When TC2 sent it, as the event says; null when unknown (a client fetched from TC2 just now). */
  sentAt: Date | null;
  agencyId: number;
  columns: Tc2CompanyColumns;
  /** TC2 admin ids; a role left out or null has nobody. */
  admins: Partial<Record<Tc2AdminRole, number | null>>;
  /** Extra attrs by machine name, their values cleaned (empty → null). */
  extraAttrs: ReadonlyMap<string, string | null>;
  user: { email: string | null; phone: string | null };
  recipients: { id: number; first_name: string | null; last_name: string | null; email: string | null }[];
}
