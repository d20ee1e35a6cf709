import { parseTc2PricePlan } from './tc2-price-plan.util';

describe('parseTc2PricePlan', () => {
  it.each([
    ['1-payg', 'payg'],
    ['2-startup', 'startup'],
    ['3-enterprise', 'enterprise'],
    ['3-Enterprise', 'enterprise'],
  ])('reads %s as %s', (value, plan) => expect(parseTc2PricePlan(value)).toBe(plan));

  it.each(['4-monthly-payg', 'payg', '', null, undefined])('does not know %p', (value) => expect(parseTc2PricePlan(value)).toBeNull());
});
