import { INestApplicationContext } from '@nestjs/common';
import { ADMIN_ROLE_FLAGS } from '@hermes/model';
import { DemoAdmin, Sandbox, seedDemo, startSandbox } from '@hermes/sandbox';
import { Environment } from '../config/environment';
import { HermesConfig } from '../config/hermes-config';
import { AdminsService } from '../core/admins/admins.service';
import { HermesError } from '../core/hermes-error';
import { SetupService } from '../setup/setup.service';

/** Where the website (Next.js) serves itself while it is developed. */
const WEBSITE_DEV_ORIGIN = 'http://localhost:3000';

/**
 * `npm start` without credentials: the simulators run in this process, seeded
 * as a real account would be, and Hermes is set up against them as an operator would do it
 * (`create-admin` for each demo admin, then `setup`).
 */
export class SandboxMode {
  private constructor(
    readonly sandbox: Sandbox,
    readonly admins: (DemoAdmin & { pd_owner_id: number })[],
  ) {}

  static async start(): Promise<SandboxMode> {
    const sandbox = await startSandbox();
    return new SandboxMode(sandbox, seedDemo(sandbox));
  }

  /** The settings that point Hermes at the simulators, as if they were in `.env`. */
  get env(): Record<string, string> {
    return {
      ...this.sandbox.env,
      // With webhook credentials set, `setup` registers Pipedrive's webhooks and they are checked.
      PD_WEBHOOK_USER: 'hermes-sandbox',
      PD_WEBHOOK_PASSWORD: 'hermes-sandbox-webhooks',
      // The website's development server may book against the sandbox from the browser.
      CORS_ORIGINS: [process.env.CORS_ORIGINS || new Environment().CORS_ORIGINS, WEBSITE_DEV_ORIGIN].join(','),
    };
  }

  /** Demo admins (those already there kept) and `hermes setup`, in a CLI command's context; answers what was done. */
  async seedHermes(app: INestApplicationContext): Promise<string> {
    const admins = app.get(AdminsService);
    let created = 0;
    for (const admin of this.admins) {
      try {
        await admins.create(adminFields(admin), admin.id);
        created++;
      } catch (error) {
        if (!(error instanceof HermesError && error.code === 'already-taken')) throw error;
      }
    }
    const setup = await app.get(SetupService).run();
    return `${created} demo admins created; setup against the simulated Pipedrive made ${setup.length} changes.`;
  }

  /** What to do next, printed once Hermes is listening. */
  tryThis(config: HermesConfig): string[] {
    const { pipedrive, googleCalendar, tc2 } = this.sandbox;
    return [
      'Sandbox mode: no TC2, Pipedrive or Google credentials, so Hermes talks to local simulators (in memory:',
      'they and the sandbox database start empty each time).',
      '',
      'Try this:',
      `  1. Sign in to the admin SPA at ${config.adminSpaUrl}; the simulated Google offers the demo admins:`,
      ...this.admins.map((a) => `       ${a.email} (${a.role}, admin ${a.id})`),
      '  2. Send a TC2 webhook about a new client, then find the company in the SPA and in Pipedrive:',
      '       npm run hermes -- sandbox send-tc2-client',
      '  3. Book a sales call as the website does (a deal, a meeting and a Google Calendar event):',
      '       npm run hermes -- sandbox book-call',
      `     or from the website itself (${WEBSITE_DEV_ORIGIN}) run with NEXT_PUBLIC_HERMES_BASE_URL=${config.hermesUrl}:`,
      '     the admin ids its booking pages name (sales 1, 2, 9; support 3, 4) are the demo admins.',
      `  4. Look at the simulated Pipedrive:        ${pipedrive.url}/__sandbox/state`,
      `     the simulated Google Calendar's events: ${googleCalendar.url}/__sandbox/state`,
      `     and the simulated TC2:                   ${tc2.url}/__sandbox/state`,
      '',
      `Logs: ${config.logLevel === 'warn' ? 'warnings and errors only; LOG_LEVEL=info npm start shows every request and sync' : `LOG_LEVEL=${config.logLevel}`}.`,
      '',
    ];
  }

  stop(): Promise<void> {
    return this.sandbox.stop();
  }
}

function adminFields(admin: DemoAdmin & { pd_owner_id: number }) {
  const sales = admin.role === 'sales';
  return {
    username: admin.email,
    first_name: admin.first_name,
    last_name: admin.last_name,
    tc2_admin_id: admin.tc2_admin_id,
    pd_owner_id: admin.pd_owner_id,
    timezone: admin.timezone,
    ...Object.fromEntries(ADMIN_ROLE_FLAGS.filter((flag) => flag.startsWith('sells_')).map((flag) => [flag, !!admin.sells?.includes(flag.slice('sells_'.length))])),
    is_sales_person: sales,
    is_support_person: admin.role === 'support',
    is_bdr_person: admin.role === 'bdr',
  };
}
