import { Command } from 'commander';
import { Company } from '@hermes/database';
import { DataSource } from 'typeorm';
import { PipedriveFullSyncService } from '../pipedrive/pipedrive-full-sync.service';
import { PipedriveSyncService } from '../pipedrive/pipedrive-sync.service';
import { ImportProgress, PipedriveImportService } from '../pipedrive-webhook/pipedrive-import.service';
import { CliContext } from './cli-context';
import { progressBar } from './progress';

/** `sync to-pipedrive` / `sync from-pipedrive`: full syncs run here and now, not through the queue. */
export function syncCommand(context: CliContext): Command {
  const sync = new Command('sync').description('Full syncs between Hermes and Pipedrive');

  sync
    .command('to-pipedrive')
    .description('Push companies (organization, persons, open deal, new meetings) to Pipedrive')
    .option('--company <id>', 'only this company', (value) => {
      if (!/^\d+$/.test(value)) throw new Error('--company takes a company id');
      return Number(value);
    })
    .option('--all', 'every company', false)
    .action(async (options: { company?: number; all: boolean }) => {
      if (!options.company && !options.all) throw new Error('Name a company with --company <id>, or pass --all');
      await context.run(async (app) => {
        if (options.company) {
          const manager = app.get(DataSource).manager;
          const id = (await manager.findOneBy(Company, { id: options.company }))?.id ?? failNoCompany(options.company);
          try {
            await app.get(PipedriveSyncService).syncCompany(id);
            context.print('Synced 1 of 1 companies to Pipedrive.');
          } catch (error) {
            context.print(`Company ${id}: ${error instanceof Error ? error.message : String(error)}`);
            context.print('Synced 0 of 1 companies to Pipedrive; 1 failed.');
            process.exitCode = 1;
          }
          return;
        }
        const bar = progressBar('Companies');
        let started = false;
        const { inStep, synced, failures } = await app.get(PipedriveFullSyncService).syncAll(({ done, total }) => {
          if (!started) bar.start(total, 0);
          started = true;
          bar.update(done);
        });
        bar.stop();
        for (const line of failures) context.print(line);
        context.print(
          `${inStep + synced} companies: ${inStep} already in step with Pipedrive (nothing sent), ${synced - failures.length} synced` +
            `${failures.length ? `, ${failures.length} failed` : ''}.`,
        );
        if (failures.length) process.exitCode = 1;
      });
    });

  sync
    .command('from-pipedrive')
    .description('Apply every pipeline, stage, organization, person and deal in Pipedrive to Hermes')
    .option('--all', 'everything (the only scope there is)', false)
    .action(async (options: { all: boolean }) => {
      if (!options.all) throw new Error('Pass --all: this reads everything in Pipedrive');
      await context.run(async (app) => {
        let bar = progressBar('');
        const onProgress = ({ entity, done, total }: ImportProgress) => {
          if (done === 0) {
            bar.stop();
            bar = progressBar(`${entity}s`.padEnd(14));
            bar.start(total, 0);
          } else bar.update(done);
        };
        const { summary, problems } = await app.get(PipedriveImportService).importAll(onProgress);
        bar.stop();
        for (const line of problems) context.print(line);
        for (const [entity, counts] of Object.entries(summary)) {
          context.print(`${`${entity}s`.padEnd(14)} ${counts.applied} applied, ${counts.ignored} unchanged or not Hermes', ${counts.rejected} refused`);
        }
      });
    });

  return sync;
}

function failNoCompany(id: number): never {
  throw new Error(`No company ${id}`);
}
