import { join } from 'node:path';
import { ConfigError, DEV_SIGNING_KEY, loadConfig } from './hermes-config';

const PRODUCTION = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://hermes@db/hermes',
  SIGNING_KEY: 'a-long-random-signing-key-0123456789',
  TC2_API_KEY: 'tc2-key',
  PD_API_KEY: 'pd-key',
  PD_BASE_URL: 'https://acme.pipedrive.com',
  PD_WEBHOOK_USER: 'pipedrive',
  PD_WEBHOOK_PASSWORD: 'hook-password',
  G_CLIENT_EMAIL: 'calendar@acme.iam.gserviceaccount.com',
  G_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----\\nabc\\n-----END PRIVATE KEY-----\\n',
  GOOGLE_OAUTH_CLIENT_ID: 'client-id',
  GOOGLE_OAUTH_CLIENT_SECRET: 'client-secret',
  TRUST_PROXY: 'loopback',
};

function problems(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected the configuration to be refused');
}

describe('loadConfig', () => {
  it('applies the documented defaults to an empty environment, in sandbox mode', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 8000,
      host: '0.0.0.0',
      hermesUrl: 'http://localhost:8000',
      role: 'all',
      home: join(process.cwd(), '.hermes'),
      jobs: { expireSeconds: 600 },
      devMode: false,
      corsOrigins: ['https://tutorcruncher.com', 'https://new.tutorcruncher.com'],
      supportTtlDays: 4,
      supportBookingRequiresLink: false,
      callbookerBaseUrl: 'https://tutorcruncher.com/book-a-call',
      invite: {
        demoVideoUrl: 'https://www.youtube.com/watch?v=2iUK0RTm4pw',
        adminGuideUrl: 'https://cdn.tutorcruncher.com/guides/admin-user-guide.pdf',
        freeTrialUrl: 'https://secure.tutorcruncher.com/start/1/',
      },
      defaultTimezone: 'Europe/London',
      tc2: { baseUrl: 'http://localhost:5000' },
      pipedrive: { rateLimitPer2s: 20 },
      google: { tokenUri: 'https://oauth2.googleapis.com/token', calendarApiUrl: 'https://www.googleapis.com' },
      googleOAuth: { userinfoUrl: 'https://openidconnect.googleapis.com/v1/userinfo' },
      adminSpaUrl: 'http://localhost:8000/admin/',
      logLevel: 'info',
      sandbox: true,
    });
    expect(config.databaseUrl).toBeUndefined();
  });

  it('reads typed values and derives the public URL from the port', () => {
    const config = loadConfig({ PORT: '8123', DEV_MODE: 'true', PD_RATE_LIMIT_PER_2S: '80', CORS_ORIGINS: 'https://a.test, https://b.test' });
    expect(config).toMatchObject({ port: 8123, devMode: true, hermesUrl: 'http://localhost:8123', corsOrigins: ['https://a.test', 'https://b.test'] });
    expect(config.pipedrive.rateLimitPer2s).toBe(80);
  });

  it('keeps local state where HERMES_HOME says, as an absolute path', () => {
    expect(loadConfig({ HERMES_HOME: 'var/hermes' }).home).toBe(join(process.cwd(), 'var/hermes'));
    expect(loadConfig({ HERMES_HOME: '/srv/hermes' }).home).toBe('/srv/hermes');
  });

  it('turns escaped newlines of a pasted Google private key into real ones', () => {
    expect(loadConfig(PRODUCTION).google.privateKey).toBe('-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----\n');
  });

  it('names each malformed variable', () => {
    const message = problems({ PORT: 'eighty', HERMES_ROLE: 'cron', DATABASE_URL: 'mysql://x', PD_RATE_LIMIT_PER_2S: '0' });
    expect(message).toContain('PORT');
    expect(message).toContain('HERMES_ROLE');
    expect(message).toContain('DATABASE_URL must be a postgres:// connection string');
    expect(message).toContain('PD_RATE_LIMIT_PER_2S');
  });

  it('refuses unknown variables with a Hermes prefix, which are usually typos', () => {
    expect(problems({ PD_API_TOKEN: 'x' })).toContain('PD_API_TOKEN is not a Hermes setting');
  });

  it('never echoes a secret in its message', () => {
    const message = problems({ SIGNING_KEY: 'short' });
    expect(message).toContain('SIGNING_KEY');
    expect(message).not.toContain('short');
  });

  it('reads the operations settings: error reporting, metrics, shutdown', () => {
    const defaults = loadConfig({});
    expect(defaults.sentry).toEqual({ dsn: undefined, environment: 'development', release: `hermes@${require('../../../../package.json').version}` });
    expect(defaults.metricsToken).toBeUndefined();
    expect(defaults.shutdown).toEqual({ timeoutSeconds: 25, delaySeconds: 0 });

    const set = loadConfig({
      SENTRY_DSN: 'https://public@o1.ingest.sentry.io/2',
      SENTRY_ENVIRONMENT: 'staging',
      HERMES_RELEASE: 'hermes@abc123',
      METRICS_TOKEN: 'a-scrape-token-of-some-length',
      SHUTDOWN_TIMEOUT_SECONDS: '40',
      SHUTDOWN_DELAY_SECONDS: '5',
    });
    expect(set.sentry).toEqual({ dsn: 'https://public@o1.ingest.sentry.io/2', environment: 'staging', release: 'hermes@abc123' });
    expect(set).toMatchObject({ metricsToken: 'a-scrape-token-of-some-length', shutdown: { timeoutSeconds: 40, delaySeconds: 5 } });
  });

  it('refuses a short metrics token without echoing it, and a shutdown delay as long as the timeout', () => {
    const message = problems({ METRICS_TOKEN: 'guessable', SHUTDOWN_TIMEOUT_SECONDS: '10', SHUTDOWN_DELAY_SECONDS: '10' });
    expect(message).toContain('METRICS_TOKEN');
    expect(message).not.toContain('guessable');
    expect(message).toContain('SHUTDOWN_DELAY_SECONDS must be less than SHUTDOWN_TIMEOUT_SECONDS');
  });

  it('insists on the userinfo URL that passport expects', () => {
    expect(problems({ GOOGLE_OAUTH_USERINFO_URL: 'http://127.0.0.1:9000/v1/me' })).toContain('must end in /userinfo');
  });

  it('accepts a complete production environment and leaves sandbox mode', () => {
    const config = loadConfig(PRODUCTION);
    expect(config.production).toBe(true);
    expect(config.sandbox).toBe(false);
  });

  it('refuses production without its secrets, naming each one', () => {
    const message = problems({ NODE_ENV: 'production' });
    for (const name of ['DATABASE_URL', 'SIGNING_KEY', 'TC2_API_KEY', 'PD_API_KEY', 'PD_WEBHOOK_USER', 'PD_WEBHOOK_PASSWORD', 'G_PRIVATE_KEY']) {
      expect(message).toContain(`${name} is required when NODE_ENV=production`);
    }
  });

  it('refuses the public development signing key in production', () => {
    const message = problems({ ...PRODUCTION, SIGNING_KEY: DEV_SIGNING_KEY });
    expect(message).toContain('SIGNING_KEY is the public development key');
  });

  it('refuses credentials for real services without a signing key of their own, naming them', () => {
    const real = { TC2_API_KEY: 'tc2-key', TC2_BASE_URL: 'https://secure.tutorcruncher.com', GOOGLE_OAUTH_CLIENT_ID: 'client', GOOGLE_OAUTH_CLIENT_SECRET: 'secret' };
    const message = problems(real);
    expect(message).toContain('SIGNING_KEY must be set to a secret of your own when credentials for real services are set (TC2, Google sign-in)');
    expect(problems({ ...real, SIGNING_KEY: DEV_SIGNING_KEY })).toContain('SIGNING_KEY must be set');
    expect(problems({ PD_API_KEY: 'pd-key', PD_BASE_URL: 'https://acme.pipedrive.com' })).toContain('(Pipedrive)');
    expect(problems({ G_CLIENT_EMAIL: 'calendar@acme.iam.gserviceaccount.com', G_PRIVATE_KEY: 'key' })).toContain('(Google Calendar)');

    expect(loadConfig({ ...real, SIGNING_KEY: 'a-long-random-signing-key-0123456789' }).signingKey).toBe('a-long-random-signing-key-0123456789');
  });

  it('lets credentials for the simulators on this machine use the development key', () => {
    const config = loadConfig({
      TC2_API_KEY: 'tc2-key',
      TC2_BASE_URL: 'http://127.0.0.1:5001',
      PD_API_KEY: 'pd-key',
      PD_BASE_URL: 'http://localhost:5002',
      G_PRIVATE_KEY: 'key',
      G_TOKEN_URI: 'http://127.0.0.1:5003/token',
      GOOGLE_CALENDAR_API_URL: 'http://127.0.0.1:5003',
      GOOGLE_OAUTH_CLIENT_SECRET: 'secret',
      GOOGLE_OAUTH_TOKEN_URL: 'http://[::1]:5004/token',
    });
    expect(config.sandbox).toBe(false);
    expect(config.signingKey).toBe(DEV_SIGNING_KEY);
  });

  it("asks Google for v2's calendar scope unless G_SCOPES names others, space- or comma-separated", () => {
    expect(loadConfig({}).google.scopes).toEqual(['https://www.googleapis.com/auth/calendar']);
    const narrowed = 'https://www.googleapis.com/auth/calendar.events, https://www.googleapis.com/auth/calendar.freebusy';
    expect(loadConfig({ G_SCOPES: narrowed }).google.scopes).toEqual(['https://www.googleapis.com/auth/calendar.events', 'https://www.googleapis.com/auth/calendar.freebusy']);
    expect(loadConfig({ G_SCOPES: 'a b,c' }).google.scopes).toEqual(['a', 'b', 'c']);
    expect(problems({ G_SCOPES: ' , ' })).toContain('G_SCOPES must name at least one scope');
  });

  it('trusts no proxy unless TRUST_PROXY names them, as Express reads its trust proxy setting', () => {
    expect(loadConfig({}).trustProxy('127.0.0.1', 0)).toBe(false);
    const loopback = loadConfig({ TRUST_PROXY: 'loopback' }).trustProxy;
    expect([loopback('127.0.0.1', 0), loopback('::1', 0), loopback('203.0.113.1', 0)]).toEqual([true, true, false]);
    const cloudflare = loadConfig({ TRUST_PROXY: '173.245.48.0/20, 2400:cb00::/32' }).trustProxy;
    expect([cloudflare('173.245.48.9', 0), cloudflare('2400:cb00::1', 1), cloudflare('173.245.64.1', 0)]).toEqual([true, true, false]);
    const hops = loadConfig({ TRUST_PROXY: '2' }).trustProxy;
    expect([hops('203.0.113.1', 0), hops('203.0.113.2', 1), hops('203.0.113.3', 2)]).toEqual([true, true, false]);
    expect(problems({ TRUST_PROXY: 'cloudflare' })).toContain('TRUST_PROXY: invalid IP address: cloudflare');
  });

  it('requires TRUST_PROXY in production, which runs behind an HTTPS proxy', () => {
    const { TRUST_PROXY: _trustProxy, ...withoutProxy } = PRODUCTION;
    expect(problems(withoutProxy)).toContain('TRUST_PROXY is required when NODE_ENV=production');
  });

  it('refuses DEV_MODE in production', () => {
    expect(problems({ ...PRODUCTION, DEV_MODE: 'true' })).toContain('DEV_MODE cannot be true when NODE_ENV=production');
  });
});
