import { setTimeout as sleep } from 'node:timers/promises';
import { DateTime } from 'luxon';
import { demoProspect, demoTc2Client, Tc2SimClient, Tc2WebhookDelivery } from '@hermes/sandbox';
import { TC2_WEBHOOK_PATH } from '../tc2/tc2-webhook.controller';

/** Where the running sandbox is: Hermes and its simulators (from `sandbox.env`). */
export interface SandboxAddresses {
  hermesUrl: string;
  tc2Url: string;
  pipedriveUrl: string;
  googleCalendarUrl: string;
}

interface PipedriveState {
  organizations: { id: number; name: string }[];
  persons: { id: number; name: string; org_id: number | null }[];
  deals: { id: number; title: string; org_id: number | null; stage_id: number }[];
  stages: { id: number; name: string }[];
}

const PIPEDRIVE_WAIT_MS = 30_000;

/**
 * The steps of the sandbox tour (`hermes sandbox ...`): each acts as the outside world would
 * (TC2 sending a webhook, the website booking a call), then follows what Hermes does about it
 * into the simulators. Answers the lines to print.
 */
export class SandboxTour {
  constructor(
    private readonly at: SandboxAddresses,
    private readonly waitMs = PIPEDRIVE_WAIT_MS,
  ) {}

  async sendTc2Client(options: { name?: string; plan?: string }): Promise<string[]> {
    const { client, delivery } = await this.json<{ client: Tc2SimClient; delivery: Tc2WebhookDelivery }>(
      `${this.at.tc2Url}/__sandbox/client-webhooks`,
      { url: `${this.at.hermesUrl}${TC2_WEBHOOK_PATH}/`, client: demoTc2Client(options) },
    );
    const agency = client.meta_agency!.name;
    const lines = [`TC2 sent a webhook about its new client ${client.id}, "${agency}" (${client.user.first_name} ${client.user.last_name}, ${client.user.email}).`];
    if (delivery.status !== 200) {
      throw new Error(`Hermes answered ${delivery.status ?? delivery.error}: ${delivery.responseBody ?? ''}`.trim());
    }
    lines.push(`Hermes accepted it: see the company at ${this.at.hermesUrl}/admin/#/companies`);
    return [...lines, ...(await this.inPipedrive(agency))];
  }

  async bookCall(options: { name?: string; email?: string; company?: string }): Promise<string[]> {
    const admin = await this.json<{ id: number; first_name: string; last_name: string; timezone: string }>(
      `${this.at.hermesUrl}/choose-roundrobin/sales/?plan=payg&country_code=GB`,
    );
    const from = DateTime.utc().plus({ days: 1 }).startOf('day');
    const { slots } = await this.json<{ slots: [string, string][] }>(
      `${this.at.hermesUrl}/callbooker/availability/?admin_id=${admin.id}&start_dt=${from.toISO()}&end_dt=${from.plus({ days: 7 }).toISO()}`,
    );
    if (!slots.length) throw new Error(`${admin.first_name} has no free slot in the next week.`);

    const prospect = demoProspect({ agency: options.company, name: options.name });
    const company = prospect.agency;
    const booking = {
      admin_id: admin.id,
      name: `${prospect.first_name} ${prospect.last_name}`.trim(),
      email: options.email ?? prospect.email,
      company_name: company,
      website: prospect.website,
      country: 'GB',
      phone: '+44 20 7946 0958',
      estimated_income: '£50,000 - £150,000',
      currency: 'GBP',
      price_plan: 'payg',
      meeting_dt: slots[0][0],
    };
    await this.json(`${this.at.hermesUrl}/callbooker/sales/book/`, booking);
    const when = DateTime.fromISO(slots[0][0], { zone: admin.timezone }).toFormat("cccc d LLLL 'at' HH:mm ZZZZ");
    return [
      `The website booked a sales call for ${booking.name} (${booking.email}) of "${company}" with ${admin.first_name} ${admin.last_name}, ${when}.`,
      `The meeting is in the simulated Google Calendar: ${this.at.googleCalendarUrl}/__sandbox/state`,
      `and in the admin SPA: ${this.at.hermesUrl}/admin/#/meetings`,
      ...(await this.inPipedrive(company)),
    ];
  }

  /** Waits for the organization and deal Hermes' worker creates, then names them and the people. */
  private async inPipedrive(name: string): Promise<string[]> {
    const deadline = Date.now() + this.waitMs;
    for (;;) {
      const state = await this.json<PipedriveState>(`${this.at.pipedriveUrl}/__sandbox/state`);
      const org = state.organizations.find((o) => o.name === name);
      const late = Date.now() > deadline;
      if (org && (late || state.deals.some((d) => d.org_id === org.id))) {
        const stages = new Map(state.stages.map((s) => [s.id, s.name]));
        return [
          `In the simulated Pipedrive (${this.at.pipedriveUrl}/__sandbox/state):`,
          `  organization ${org.id} "${org.name}"`,
          ...state.persons.filter((p) => p.org_id === org.id).map((p) => `  person ${p.id} "${p.name}"`),
          ...state.deals.filter((d) => d.org_id === org.id).map((d) => `  deal ${d.id} "${d.title}" in stage "${stages.get(d.stage_id)}"`),
        ];
      }
      if (late) {
        return [`Not in the simulated Pipedrive after ${this.waitMs / 1000} s: see the sync jobs at ${this.at.hermesUrl}/admin/#/sync-jobs`];
      }
      await sleep(250);
    }
  }

  /** GET, or POST `body` as JSON; a refusal or an unreachable sandbox is an error naming the address. */
  private async json<T>(url: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(url, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    } catch {
      throw new Error(`Nothing answers at ${new URL(url).origin}: is \`npm start\` running in sandbox mode?`);
    }
    const text = await response.text();
    if (!response.ok) throw new Error(`${new URL(url).pathname} answered ${response.status}: ${text}`);
    return JSON.parse(text) as T;
  }
}
