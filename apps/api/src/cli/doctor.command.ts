import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/hermes-config';
import { DatabaseChecks } from '../doctor/database.checks';
import { DoctorCheck, problem } from '../doctor/doctor-check';
import { DoctorService } from '../doctor/doctor.service';
import { CliContext } from './cli-context';

/** `doctor`: a line per check of the configured deployment; exits 1 when anything is wrong. */
export function doctorCommand(context: CliContext): Command {
  return new Command('doctor')
    .description('Check the configured deployment (database, TC2, Pipedrive, Google, settings) and say how to fix what is wrong; changes nothing')
    .action(async () => {
      const checks = await diagnose(context);
      for (const check of checks) context.print(line(check));
      const problems = checks.filter((check) => !check.ok).length;
      if (!problems) {
        context.print('Everything checked is ready.');
        return;
      }
      context.print(`${problems} problem${problems === 1 ? '' : 's'} to fix.`);
      throw new CommanderError(1, 'hermes.doctor', `${problems} problems`);
    });
}

async function diagnose(context: CliContext): Promise<DoctorCheck[]> {
  try {
    return await context.withDatabase(async (config) => {
      const database = await new DatabaseChecks(config.databaseUrl!).run();
      if (!database.reachable) return database.checks;
      return [...database.checks, ...(await context.inApp(config, (app) => app.get(DoctorService).run(), { requireMigrated: false }))];
    });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // Each bad setting is a line of its own, as the message lists them.
    const settings = error.message.split('\n').slice(1).map((item) => item.replace(/^\s*-\s*/, ''));
    return settings.map((setting) => problem('Configuration', setting, 'correct the setting (README: Configuration)'));
  }
}

function line(check: DoctorCheck): string {
  return check.ok ? `ok       ${check.name}: ${check.detail}` : `PROBLEM  ${check.name}: ${check.detail}. Fix: ${check.fix}`;
}
