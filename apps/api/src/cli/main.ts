import 'reflect-metadata';
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/hermes-config';
import { CliContext } from './cli-context';
import { companiesCommand } from './companies.command';
import { createAdminCommand } from './create-admin.command';
import { jobsCommand } from './jobs.command';
import { patchCommand } from './patch.command';
import { reconcileCommand } from './reconcile.command';
import { sandboxCommand } from './sandbox.command';
import { setupCommand } from './setup.command';
import { syncCommand } from './sync.command';

/** `npm run hermes -- <command>`: the operator's commands. */
export function buildCli(context = new CliContext()): Command {
  return new Command('hermes')
    .description("Hermes operator commands. Run 'npm run hermes -- <command> --help' for a command's options.")
    .exitOverride()
    .option('--sandbox', 'act on the sandbox `npm start` runs without credentials: its simulators and database')
    .hook('preAction', (program) => {
      context.sandbox = Boolean(program.opts().sandbox);
    })
    .addCommand(createAdminCommand(context))
    .addCommand(companiesCommand(context))
    .addCommand(jobsCommand(context))
    .addCommand(setupCommand(context))
    .addCommand(syncCommand(context))
    .addCommand(reconcileCommand(context))
    .addCommand(patchCommand(context))
    .addCommand(sandboxCommand(context));
}

if (require.main === module) {
  buildCli()
    .parseAsync(process.argv)
    .catch((error: unknown) => {
      if (error instanceof CommanderError) process.exit(error.exitCode);
      console.error(`Error: ${error instanceof ConfigError || error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    });
}
