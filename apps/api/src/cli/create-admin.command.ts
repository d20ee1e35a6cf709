import { Command } from 'commander';
import { HermesConfig } from '../config/hermes-config';
import { AdminsService } from '../core/admins/admins.service';
import { CliContext } from './cli-context';

export function createAdminCommand(context: CliContext): Command {
  return new Command('create-admin')
    .description('Create an Admin, e.g. the first one, so someone can sign in to the admin SPA')
    .requiredOption('--email <email>', 'their Google account email (they sign in with it)')
    .option('--first-name <name>', 'first name', '')
    .option('--last-name <name>', 'last name', '')
    .option('--tc2-admin-id <id>', 'their admin id in TutorCruncher', parseId)
    .option('--pd-owner-id <id>', 'their user id in Pipedrive', parseId)
    .option('--timezone <zone>', 'IANA time zone of their calendar, e.g. Europe/London')
    .option('--sales', 'is a sales person', false)
    .option('--support', 'is a support person', false)
    .option('--bdr', 'is a BDR person', false)
    .action(async (options: CreateAdminOptions) => {
      if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(options.email)) throw new Error(`--email: "${options.email}" is not an email address`);
      await context.run(async (app) => {
        const admin = await app.get(AdminsService).create({
          username: options.email,
          first_name: options.firstName,
          last_name: options.lastName,
          tc2_admin_id: options.tc2AdminId ?? null,
          pd_owner_id: options.pdOwnerId ?? null,
          timezone: options.timezone ?? app.get(HermesConfig).defaultTimezone,
          is_sales_person: options.sales,
          is_support_person: options.support,
          is_bdr_person: options.bdr,
        });
        context.print(`Created admin ${admin.id}: ${admin.username}`);
      });
    });
}

interface CreateAdminOptions {
  email: string;
  firstName: string;
  lastName: string;
  tc2AdminId?: number;
  pdOwnerId?: number;
  timezone?: string;
  sales: boolean;
  support: boolean;
  bdr: boolean;
}

function parseId(value: string): number {
  if (!/^\d+$/.test(value)) throw new Error(`"${value}" is not a whole number`);
  return Number(value);
}
