import { PRICE_PLANS, PricePlan } from '@hermes/database';

/** TC2's `price_plan` is `<n>-<plan>` (e.g. `1-payg`, `3-enterprise`); null when the plan is not one Hermes knows. */
export function parseTc2PricePlan(value: string | null | undefined): PricePlan | null {
  const plan = (value ?? '').split('-').slice(1).join('-').trim().toLowerCase();
  return (PRICE_PLANS as readonly string[]).includes(plan) ? (plan as PricePlan) : null;
}
