import { Command } from 'commander';
import { SetupService } from '../setup/setup.service';
import { CliContext } from './cli-context';

/** `setup`: Hermes and the configured Pipedrive made to agree; safe to run again. */
export function setupCommand(context: CliContext): Command {
  return new Command('setup')
    .description('Import pipelines and stages, create the default data fields, register the webhooks, pick the price-plan pipelines')
    .action(async () => {
      await context.run(async (app) => {
        const done = await app.get(SetupService).run();
        for (const line of done) context.print(line);
        context.print(done.length ? `Setup done: ${done.length} change${done.length === 1 ? '' : 's'}.` : 'Setup done: nothing to change.');
      });
    });
}
