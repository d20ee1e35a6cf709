/** How long after signing up a TutorCruncher account is still a lead worth a deal. */
export const DEAL_WINDOW_DAYS = 90;

const DEAL_STATUSES = new Set(['pending_email_conf', 'trial']);

export interface DealEligibility {
  status: string | null;
  created: Date;
  paidInvoiceCount: number;
  hasSalesPerson: boolean;
}

/** Only new, unpaid accounts (still confirming their email or on trial) with a sales person get a deal. */
export function isEligibleForDeal(agency: DealEligibility, now: Date = new Date()): boolean {
  const ageMs = now.getTime() - agency.created.getTime();
  return (
    agency.hasSalesPerson &&
    agency.status !== null &&
    DEAL_STATUSES.has(agency.status) &&
    ageMs < DEAL_WINDOW_DAYS * 24 * 60 * 60 * 1000 &&
    agency.paidInvoiceCount === 0
  );
}
