import { plainToInstance } from 'class-transformer';
import { Environment } from '../config/environment';
import { DEV_SIGNING_KEY, HermesConfig } from '../config/hermes-config';
import { SettingsChecks } from './settings.checks';

// Built past loadConfig, which already refuses these in production: the doctor must say so too.
const configOf = (env: Record<string, string>) => new HermesConfig(plainToInstance(Environment, env, { exposeDefaultValues: true }));

describe('SettingsChecks', () => {
  it("refuses the development SIGNING_KEY and a HERMES_URL nobody else can reach, in production only", async () => {
    const production = await new SettingsChecks(configOf({ NODE_ENV: 'production', SIGNING_KEY: DEV_SIGNING_KEY })).run();
    expect(production).toEqual([
      expect.objectContaining({ name: 'SIGNING_KEY', ok: false, detail: expect.stringContaining('public development key') }),
      expect.objectContaining({ name: 'HERMES_URL', ok: false, detail: expect.stringContaining('http://localhost:8000') }),
    ]);

    const development = await new SettingsChecks(configOf({})).run();
    expect(development.every((check) => check.ok)).toBe(true);
    const deployed = await new SettingsChecks(configOf({ NODE_ENV: 'production', SIGNING_KEY: 'a-secret-of-our-own', HERMES_URL: 'https://hermes.example' })).run();
    expect(deployed).toEqual([
      { name: 'SIGNING_KEY', ok: true, detail: 'a key of your own' },
      { name: 'HERMES_URL', ok: true, detail: 'https://hermes.example' },
    ]);
  });
});
