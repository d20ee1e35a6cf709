import { buildTc2Client, Tc2ClientOverrides, Tc2SimClient } from '@hermes/sandbox';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A client that has just signed up (so it gets a deal), with ids of its own so clients never collide. */
export function benchClient(n: number, overrides: Tc2ClientOverrides = {}): Tc2SimClient {
  const email = `owner${n}@bench${n}.example`;
  return buildTc2Client({
    id: 10_000 + n,
    ...overrides,
    user: { email, first_name: 'Jane', last_name: `Doe ${n}`, ...overrides.user },
    meta_agency: {
      id: 20_000 + n,
      name: `Bench Tutors ${n}`,
      website: `https://bench${n}.example`,
      status: 'trial',
      paid_invoice_count: 0,
      created: new Date(Date.now() - DAY_MS).toISOString(),
      ...overrides.meta_agency,
    },
    paid_recipients: [{ id: 30_000 + n, first_name: 'Jane', last_name: `Doe ${n}`, email, ...overrides.paid_recipients?.[0] }],
  });
}
