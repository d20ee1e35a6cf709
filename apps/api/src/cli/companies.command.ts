import { Command } from 'commander';
import { CompaniesService } from '../core/companies/companies.service';
import { CliContext } from './cli-context';

/** `companies restore <id>`: puts back in Pipedrive a company whose organization was deleted or merged away there. */
export function companiesCommand(context: CliContext): Command {
  const companies = new Command('companies').description("Companies and their organizations in Pipedrive");
  companies
    .command('restore')
    .description('Sync again to Pipedrive a company whose organization was deleted or merged away there (its next sync makes one)')
    .argument('<id>', 'the company id', (value) => {
      if (!/^\d+$/.test(value)) throw new Error(`"${value}" is not a company id`);
      return Number(value);
    })
    .action(async (id: number) => {
      await context.run(async (app) => {
        const company = await app.get(CompaniesService).restoreToPipedrive(id);
        context.print(`Restored company ${company.id} (${company.name}): its Pipedrive sync is queued.`);
      });
    });
  return companies;
}
