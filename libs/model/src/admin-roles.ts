/**
 * An admin's twelve role flags: what they do (sales, support, BDR) and, for sales people, which
 * plans and regions they sell to (the round robin reads these). Listed once, with the SPA's labels.
 */
export const ADMIN_ROLE_FLAG_LABELS = {
  is_sales_person: 'Sales repr',
  is_support_person: 'Support repr (client manager)',
  is_bdr_person: 'BDR',
  sells_payg: 'Sells PAYG',
  sells_startup: 'Sells startup',
  sells_enterprise: 'Sells enterprise',
  sells_us: 'Sells US',
  sells_gb: 'Sells GB',
  sells_au: 'Sells AU',
  sells_ca: 'Sells CA',
  sells_eu: 'Sells EU',
  sells_row: 'Sells ROW',
} as const;

export type AdminRoleFlag = keyof typeof ADMIN_ROLE_FLAG_LABELS;

export const ADMIN_ROLE_FLAGS = Object.keys(ADMIN_ROLE_FLAG_LABELS) as AdminRoleFlag[];

/** The flags that say what an admin does; the rest say what they sell. */
export const ADMIN_JOB_FLAGS: readonly AdminRoleFlag[] = ['is_sales_person', 'is_support_person', 'is_bdr_person'];
