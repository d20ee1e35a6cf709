import { PRICE_PLANS, PricePlan } from '@hermes/database';

/**
 * TC2's `price_plan` is `<n>-<plan>` (e.g. `1-payg`, `3-enterprise`); as v2 read it, the plan is the
 * part after the last hyphen, so a bare `startup` is read too. Null when it is not a plan Hermes knows.
 */
export function parseTc2PricePlan(value: string | null | undefined): PricePlan | null {
  const plan = (value ?? '').split('-').at(-1)!.trim().toLowerCase();
  return (PRICE_PLANS as readonly string[]).includes(plan) ? (plan as PricePlan) : null;
}
