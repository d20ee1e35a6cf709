import { writeFileSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { startSandbox } from '@hermes/sandbox';

/**
 * Runs the simulators of TC2, Pipedrive, Google Calendar and Google sign-in on fixed local ports
 * and writes the settings that point Hermes at them to `sandbox.env` under HERMES_HOME (`.hermes/`).
 */
async function main(): Promise<void> {
  const base = Number(process.env.SANDBOX_PORT ?? 8100);
  const sandbox = await startSandbox({ pipedrive: base + 1, tc2: base + 2, googleCalendar: base + 3, googleSignIn: base + 4 });
  // Where Hermes' `sandbox` commands look for it (HERMES_HOME, as Hermes reads it).
  const envFile = resolve(process.env.HERMES_HOME ?? '.hermes', 'sandbox.env');
  mkdirSync(resolve(envFile, '..'), { recursive: true });
  writeFileSync(envFile, Object.entries(sandbox.env).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join('\n') + '\n');

  console.log(
    [
      'Sandbox simulators running (state: <url>/__sandbox/state, requests: <url>/__sandbox/requests):',
      `  Pipedrive        ${sandbox.pipedrive.url}`,
      `  TC2              ${sandbox.tc2.url}`,
      `  Google Calendar  ${sandbox.googleCalendar.url}`,
      `  Google sign-in   ${sandbox.googleSignIn.url}`,
      `Hermes settings for them: ${envFile} (e.g. copy it to .env)`,
    ].join('\n'),
  );
  const stop = () => void sandbox.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
