import { Command, InvalidArgumentError } from 'commander';
import { PRICE_PLANS } from '@hermes/database';
import { loadDotEnv } from '../config/dotenv';
import { loadConfig } from '../config/hermes-config';
import { readSandboxEnv } from '../sandbox-mode/sandbox-env.util';
import { SandboxAddresses, SandboxTour } from '../sandbox-mode/sandbox-tour';
import { CliContext } from './cli-context';

/** `sandbox ...`: the outside world's part in the sandbox tour, against the sandbox `npm start` runs. */
export function sandboxCommand(context: CliContext): Command {
  const sandbox = new Command('sandbox').description('Act as TC2 or the website towards the sandbox that `npm start` runs without credentials');

  sandbox
    .command('send-tc2-client')
    .description('TC2 sends Hermes a webhook about a new client; shows what Hermes made of it in Pipedrive')
    .option('--name <agency>', 'the agency name (default: one of a few made-up ones)')
    .option('--plan <plan>', `price plan: ${PRICE_PLANS.join(', ')}`, pricePlan, 'payg')
    .action(async (options: { name?: string; plan: string }) => {
      for (const line of await tour().sendTc2Client(options)) context.print(line);
    });

  sandbox
    .command('book-call')
    .description("The website books a sales call with the round robin's sales person at their first free slot")
    .option('--company <name>', 'their company (default: one of a few made-up ones)')
    .option('--name <name>', 'who books (default: a made-up owner)')
    .option('--email <email>', 'their email (default: made from the company name)')
    .action(async (options: { name?: string; email?: string; company?: string }) => {
      for (const line of await tour().bookCall(options)) context.print(line);
    });

  return sandbox;
}

function tour(): SandboxTour {
  loadDotEnv();
  const config = loadConfig();
  const env = readSandboxEnv(config.home);
  const addresses: Partial<SandboxAddresses> = {
    // The simulators alone (`nx run sandbox-app:serve`) do not know where Hermes is; config does.
    hermesUrl: env.HERMES_URL ?? config.hermesUrl,
    tc2Url: env.TC2_BASE_URL,
    pipedriveUrl: env.PD_BASE_URL,
    googleCalendarUrl: env.GOOGLE_CALENDAR_API_URL,
  };
  const missing = Object.entries(addresses).filter(([, url]) => !url);
  if (missing.length) throw new Error(`The sandbox settings lack ${missing.map(([name]) => name).join(', ')}: restart \`npm start\`.`);
  return new SandboxTour(addresses as SandboxAddresses);
}

function pricePlan(value: string): string {
  if (!(PRICE_PLANS as readonly string[]).includes(value)) throw new InvalidArgumentError(`choose one of ${PRICE_PLANS.join(', ')}`);
  return value;
}
