import { Sandbox } from './sandbox';
import { Tc2ClientOverrides, Tc2SimAdmin } from './tc2';

/** A member of staff in the sandbox: a Google account, a Pipedrive user and a TC2 admin at once. */
export interface DemoAdmin {
  /** Their Hermes admin id: the website's pages name its sales (1, 2, 9) and support (3, 4) people by these. */
  id: number;
  email: string;
  first_name: string;
  last_name: string;
  tc2_admin_id: number;
  role: 'sales' | 'support' | 'bdr';
  timezone: string;
  /** A sales person's plans and regions, as the round robin reads them (`sells_payg`, `sells_gb`...). */
  sells?: string[];
}

const EVERY_PLAN_AND_REGION = ['payg', 'startup', 'enterprise', 'us', 'gb', 'au', 'ca', 'eu', 'row'];

export const DEMO_ADMINS: readonly DemoAdmin[] = [
  // Sam takes every new company; Fay the big ones, Tia the Americas' smaller ones (as the website's people do).
  { id: 1, email: 'sam.seller@hermes.example', first_name: 'Sam', last_name: 'Seller', tc2_admin_id: 301, role: 'sales', timezone: 'Europe/London', sells: EVERY_PLAN_AND_REGION },
  { id: 2, email: 'fay.closer@hermes.example', first_name: 'Fay', last_name: 'Closer', tc2_admin_id: 304, role: 'sales', timezone: 'Europe/London', sells: ['enterprise', 'gb', 'eu', 'row'] },
  { id: 3, email: 'sue.support@hermes.example', first_name: 'Sue', last_name: 'Support', tc2_admin_id: 302, role: 'support', timezone: 'Europe/London' },
  { id: 4, email: 'raj.helper@hermes.example', first_name: 'Raj', last_name: 'Helper', tc2_admin_id: 305, role: 'support', timezone: 'Asia/Kolkata' },
  { id: 5, email: 'ben.prospector@hermes.example', first_name: 'Ben', last_name: 'Prospector', tc2_admin_id: 303, role: 'bdr', timezone: 'Europe/London' },
  { id: 9, email: 'tia.dealer@hermes.example', first_name: 'Tia', last_name: 'Dealer', tc2_admin_id: 306, role: 'sales', timezone: 'America/Chicago', sells: ['payg', 'startup', 'us', 'ca'] },
];

/** TutorCruncher's three sales pipelines, named as `hermes setup` looks for them. */
const DEMO_PIPELINES = ['PAYG', 'Startup', 'Enterprise'];
const DEMO_STAGES = ['New lead', 'Call booked', 'Trial', 'Negotiation'];

/**
 * Seeds freshly started simulators with what a real account would already hold: the demo admins
 * as Pipedrive users, TC2 admins and Google accounts, and the sales pipelines with their stages.
 * Returns each admin's Pipedrive user id, which Hermes needs as their `pd_owner_id`.
 */
export function seedDemo(sandbox: Sandbox): (DemoAdmin & { pd_owner_id: number })[] {
  for (const name of DEMO_PIPELINES) {
    const pipeline = sandbox.pipedrive.seedPipeline({ name });
    DEMO_STAGES.forEach((stage, i) => sandbox.pipedrive.seedStage({ name: stage, pipeline_id: pipeline.id, order_nr: i + 1 }));
  }
  return DEMO_ADMINS.map((admin) => {
    const name = `${admin.first_name} ${admin.last_name}`;
    sandbox.tc2.seedAdmin(tc2Admin(admin));
    sandbox.googleSignIn.addAccount({
      email: admin.email,
      name,
      given_name: admin.first_name,
      family_name: admin.last_name,
      email_verified: true,
      hd: 'hermes.example',
    });
    const user = sandbox.pipedrive.seedUser({ name, email: admin.email });
    return { ...admin, pd_owner_id: user.id };
  });
}

const AGENCIES = ['Oakfield Learning', 'Northstar Maths', 'Little Owls Tuition', 'Summit Exam Prep', 'Riverside Tutors', 'Bright Sparks Academy'];
const FIRST_NAMES = ['Jane', 'Omar', 'Mei', 'Tom', 'Lucy', 'Priya'];
const LAST_NAMES = ['Doe', 'Haddad', 'Chen', 'Okafor', 'Brennan', 'Novak'];

export interface DemoProspect {
  agency: string;
  first_name: string;
  last_name: string;
  email: string;
  website: string;
}

/** A made-up prospect: an agency and its owner, from a few names unless given; the email made from both. */
export function demoProspect({ agency = pick(AGENCIES), name }: { agency?: string; name?: string } = {}): DemoProspect {
  const [first_name, ...rest] = name?.trim().split(/\s+/) ?? [pick(FIRST_NAMES), pick(LAST_NAMES)];
  const last_name = rest.join(' ');
  const domain = `${agency.toLowerCase().replace(/[^a-z0-9]+/g, '') || 'agency'}.example`;
  const email = `${[first_name, ...rest].join('.')}@${domain}`.toLowerCase();
  return { agency, first_name, last_name, email, website: `https://${domain}` };
}

/** A new client as TC2 would send it for the demo: a prospect, the demo admins as sales, support and BDR person. */
export function demoTc2Client({ name, plan = 'payg' }: { name?: string; plan?: string } = {}): Tc2ClientOverrides {
  const { agency, first_name, last_name, email, website } = demoProspect({ agency: name });
  const [sales, support, bdr] = (['sales', 'support', 'bdr'] as const).map((role) => tc2Admin(DEMO_ADMINS.find((a) => a.role === role)!));
  // Signed up just now and on trial: the kind of account Hermes opens a deal for.
  const now = new Date().toISOString();
  return {
    user: { first_name, last_name, email, date_created: now },
    meta_agency: { name: agency, website, price_plan: `1-${plan}`, paid_invoice_count: 0, status: 'trial', created: now },
    paid_recipients: [{ first_name, last_name, email }],
    status: 'prospect',
    sales_person: sales,
    associated_admin: support,
    bdr_person: bdr,
  };
}

function tc2Admin(admin: DemoAdmin): Tc2SimAdmin {
  return { id: admin.tc2_admin_id, first_name: admin.first_name, last_name: admin.last_name, email: admin.email };
}

function pick<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)];
}
