import { parseTc2PricePlan } from './tc2-price-plan.util';

describe('parseTc2PricePlan', () => {
  it.each([
    ['1-payg', 'payg'],
    ['2-startup', 'startup'],
    ['3-enterprise', 'enterprise'],
    ['3-Enterprise', 'enterprise'],
    // As v2 read it: the part after the last hyphen, so a bare plan name too.
    ['startup', 'startup'],
    ['payg', 'payg'],
    ['4-monthly-payg', 'payg'],
  ])('reads %s as %s', (value, plan) => expect(parseTc2PricePlan(value)).toBe(plan));

  it.each(['9-galactic', 'monthly', '', null, undefined])('does not know %p', (value) => expect(parseTc2PricePlan(value)).toBeNull());
});
