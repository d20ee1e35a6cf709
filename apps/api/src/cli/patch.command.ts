import { Command } from 'commander';
import { PATCHES } from '../patches';
import { CliContext } from './cli-context';

/** `patch <name>` / `patch --list`: one-off data patches kept in the code base. */
export function patchCommand(context: CliContext): Command {
  return new Command('patch')
    .description('Run a one-off data patch, or list them with --list')
    .argument('[name]', 'the patch to run')
    .option('--list', 'list the patches', false)
    .action(async (name: string | undefined, options: { list: boolean }) => {
      if (options.list || !name) {
        for (const patch of PATCHES) context.print(`${patch.name.padEnd(32)} ${patch.description}`);
        return;
      }
      const patch = PATCHES.find((p) => p.name === name);
      if (!patch) throw new Error(`No patch "${name}". Patches: ${PATCHES.map((p) => p.name).join(', ')}`);
      await context.run(async (app) => {
        context.print(`Running ${patch.name}: ${patch.description}`);
        await patch.run(app, (line) => context.print(line));
      });
    });
}
