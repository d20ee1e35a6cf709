import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';

/** The sandbox's database on the embedded Postgres: the simulators start empty each time, and so does it. */
export const SANDBOX_DATABASE = 'hermes_sandbox';

/**
 * `sandbox.env` under HERMES_HOME: where the running sandbox's simulators and Hermes are, for the
 * `hermes sandbox ...` commands (and, copied to `.env`, for a Hermes started on its own).
 */
export function sandboxEnvFile(home: string): string {
  return join(home, 'sandbox.env');
}

export function writeSandboxEnv(home: string, env: Record<string, string>): string {
  const file = sandboxEnvFile(home);
  mkdirSync(home, { recursive: true });
  writeFileSync(file, Object.entries(env).map(([name, value]) => `${name}=${JSON.stringify(value)}`).join('\n') + '\n');
  return file;
}

export function readSandboxEnv(home: string): Record<string, string | undefined> {
  const file = sandboxEnvFile(home);
  if (!existsSync(file)) throw new Error(`No sandbox is running (${file} is missing): start one with \`npm start\`, without credentials.`);
  return parseEnv(readFileSync(file, 'utf8'));
}
