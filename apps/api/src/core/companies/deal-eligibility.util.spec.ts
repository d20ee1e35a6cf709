import { DealEligibility, isEligibleForDeal } from './deal-eligibility.util';

const NOW = new Date('2026-11-23T12:00:00Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 24 * 60 * 60 * 1000);
const agency = (overrides: Partial<DealEligibility> = {}): DealEligibility => ({
  status: 'trial',
  created: daysAgo(10),
  paidInvoiceCount: 0,
  hasSalesPerson: true,
  ...overrides,
});

describe('isEligibleForDeal', () => {
  it.each(['trial', 'pending_email_conf'])('gives a new, unpaid %s account a deal', (status) => {
    expect(isEligibleForDeal(agency({ status }), NOW)).toBe(true);
  });

  it.each([
    ['a live account', { status: 'active' }],
    ['a suspended account', { status: 'suspended' }],
    ['no status', { status: null }],
    ['an account 90 days old', { created: daysAgo(90) }],
    ['an account that has paid an invoice', { paidInvoiceCount: 1 }],
    ['an account without a sales person', { hasSalesPerson: false }],
  ])('gives no deal to %s', (_case, overrides) => {
    expect(isEligibleForDeal(agency(overrides), NOW)).toBe(false);
  });

  it('still gives one on day 89', () => expect(isEligibleForDeal(agency({ created: daysAgo(89.9) }), NOW)).toBe(true));
});
