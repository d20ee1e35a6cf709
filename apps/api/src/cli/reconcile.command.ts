import { Command } from 'commander';
import { SingleBar } from 'cli-progress';
import { Drift, ReconcileProgress, ReconcileService } from '../self-healing/reconcile.service';
import { CliContext } from './cli-context';
import { progressBar } from './progress';

const COLUMNS: [string, (drift: Drift) => string][] = [
  ['Object', (drift) => drift.object],
  ['Company', (drift) => String(drift.companyId)],
  ['Hermes id', (drift) => String(drift.hermesId)],
  ['Pipedrive id', (drift) => String(drift.pdId)],
  ['Field', (drift) => drift.field],
  ['Hermes', (drift) => drift.hermes],
  ['Pipedrive', (drift) => drift.pipedrive],
  ['Resolution', (drift) => drift.resolution],
];
const CELL_MAX = 40;

/** `reconcile [--report] [--fix]`: Hermes and Pipedrive compared field by field; `--fix` heals what differs. */
export function reconcileCommand(context: CliContext): Command {
  return new Command('reconcile')
    .description('Compare every linked company, contact and deal with Pipedrive; print the drift (--report, the default) or heal it (--fix)')
    .option('--report', 'print the drift found (the default)', false)
    .option('--fix', 'heal the drift by the ownership rules: Pipedrive changes applied, Hermes values pushed', false)
    .action(async (options: { report: boolean; fix: boolean }) => {
      await context.run(async (app) => {
        let bar: SingleBar | undefined;
        let stage: ReconcileProgress['stage'] | undefined;
        const onProgress = (progress: ReconcileProgress) => {
          if (progress.stage !== stage) {
            bar?.stop();
            stage = progress.stage;
            bar = progressBar(progress.stage.padEnd(10));
            bar.start(progress.total, progress.done);
          } else bar!.update(progress.done);
        };
        const report = await app.get(ReconcileService).run({ fix: options.fix, onProgress });
        bar?.stop();

        if (report.drifts.length) for (const line of table(report.drifts)) context.print(line);
        const { organization, person, deal } = report.compared;
        context.print(
          `Compared ${organization} organizations, ${person} persons and ${deal} deals: ${report.drifts.length} field(s) differ` +
            (options.fix ? `; ${report.fixed} companies healed` : '') +
            `. Pipedrive requests used: ${report.requests}.`,
        );
        for (const line of report.problems) context.print(line);
        if (report.problems.length) process.exitCode = 1;
      });
    });
}

function table(drifts: Drift[]): string[] {
  const rows = drifts.map((drift) => COLUMNS.map(([, cell]) => clip(cell(drift))));
  const widths = COLUMNS.map(([title], i) => Math.max(title.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd();
  return [line(COLUMNS.map(([title]) => title)), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)];
}

function clip(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > CELL_MAX ? `${flat.slice(0, CELL_MAX - 1)}…` : flat;
}
