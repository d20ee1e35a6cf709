import { resolve } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { compileTrustProxy, TrustProxy } from '../common/trust-proxy.util';
import { hermesVersion } from '../common/workspace.util';
import { Environment } from './environment';

/** Thrown at start-up; its message names each offending variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

// Variables with Hermes' own prefixes that Hermes does not read are almost certainly typos.
const OWN_PREFIXES = /^(HERMES|PD|TC2|GOOGLE)_/;
const KNOWN = new Set(Object.keys(new Environment()).concat(
  ['DATABASE_URL', 'HERMES_URL', 'SIGNING_KEY', 'TC2_API_KEY', 'PD_API_KEY', 'PD_BASE_URL', 'PD_WEBHOOK_USER', 'PD_WEBHOOK_PASSWORD'],
  ['GOOGLE_OAUTH_CLIENT_ID', 'GOOGLE_OAUTH_CLIENT_SECRET', 'GOOGLE_HOSTED_DOMAIN', 'ADMIN_SPA_URL'],
  ['SENTRY_DSN', 'SENTRY_ENVIRONMENT', 'HERMES_RELEASE', 'METRICS_TOKEN'],
));

/** Signs sessions and support links when SIGNING_KEY is unset: public (it is in this file), so only for local use. */
export const DEV_SIGNING_KEY = 'hermes-development-signing-key-not-for-production';

/** Typed, validated configuration: what the rest of Hermes reads instead of process.env. */
export class HermesConfig {
  readonly databaseUrl?: string;
  readonly port: number;
  readonly host: string;
  readonly hermesUrl: string;
  readonly role: 'api' | 'worker' | 'all';
  /** Absolute path of HERMES_HOME. */
  readonly home: string;
  readonly jobs: { expireSeconds: number };
  readonly webhookLogRetentionDays: number;
  readonly production: boolean;
  readonly devMode: boolean;
  /** Whether /docs and /docs-json are served: they map every route, so not by default in production. */
  readonly docsPublic: boolean;
  readonly corsOrigins: string[];
  /** Which proxies' X-Forwarded-* and CF-Connecting-IP headers are believed (TRUST_PROXY). */
  readonly trustProxy: TrustProxy;
  readonly signingKey: string;
  readonly supportTtlDays: number;
  readonly supportBookingRequiresLink: boolean;
  readonly callbookerBaseUrl: string;
  /** The links of the calendar invitation a booking sends. */
  readonly invite: { demoVideoUrl: string; adminGuideUrl: string; freeTrialUrl: string };
  readonly defaultTimezone: string;
  readonly tc2: { apiKey?: string; baseUrl: string };
  readonly pipedrive: {
    apiKey?: string;
    baseUrl?: string;
    webhookUser?: string;
    webhookPassword?: string;
    rateLimitPer2s: number;
    reconcileIntervalSeconds: number;
    /** How long a company's changes settle before its sync starts (PD_SYNC_SETTLE_MS, PD_SYNC_SETTLE_MAX_SECONDS). */
    syncSettle: { quietMs: number; maxSeconds: number };
  };
  readonly google: {
    clientEmail?: string;
    privateKey?: string;
    privateKeyId?: string;
    projectId?: string;
    clientId?: string;
    /** The domain-wide delegation scopes the service account asks for. */
    scopes: string[];
    tokenUri: string;
    calendarApiUrl: string;
  };
  readonly googleOAuth: {
    clientId?: string;
    clientSecret?: string;
    authorizeUrl: string;
    tokenUrl: string;
    userinfoUrl: string;
    hostedDomain?: string;
  };
  readonly adminSpaUrl: string;
  /** Error reporting: off without a DSN. */
  readonly sentry: { dsn?: string; environment: string; release: string };
  /** Bearer token of GET /metrics; unset: the route is off. */
  readonly metricsToken?: string;
  readonly shutdown: { timeoutSeconds: number; delaySeconds: number };
  readonly logLevel: Environment['LOG_LEVEL'];

  constructor(env: Environment) {
    this.databaseUrl = env.DATABASE_URL;
    this.port = env.PORT;
    this.host = env.HOST;
    this.hermesUrl = (env.HERMES_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, '');
    this.role = env.HERMES_ROLE;
    this.home = resolve(env.HERMES_HOME);
    this.jobs = { expireSeconds: env.HERMES_JOB_EXPIRE_SECONDS };
    this.webhookLogRetentionDays = env.WEBHOOK_LOG_RETENTION_DAYS;
    this.production = env.NODE_ENV === 'production';
    this.devMode = env.DEV_MODE;
    this.docsPublic = env.DOCS_PUBLIC ?? !this.production;
    this.corsOrigins = env.CORS_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean);
    this.trustProxy = compileTrustProxy(env.TRUST_PROXY);
    this.signingKey = env.SIGNING_KEY ?? DEV_SIGNING_KEY;
    this.supportTtlDays = env.SUPPORT_TTL_DAYS;
    this.supportBookingRequiresLink = env.SUPPORT_BOOKING_REQUIRES_LINK;
    this.callbookerBaseUrl = env.CALLBOOKER_BASE_URL.replace(/\/+$/, '');
    this.invite = { demoVideoUrl: env.INVITE_DEMO_VIDEO_URL, adminGuideUrl: env.INVITE_ADMIN_GUIDE_URL, freeTrialUrl: env.INVITE_FREE_TRIAL_URL };
    this.defaultTimezone = env.DFT_TIMEZONE;
    this.tc2 = { apiKey: env.TC2_API_KEY, baseUrl: env.TC2_BASE_URL.replace(/\/+$/, '') };
    this.pipedrive = {
      apiKey: env.PD_API_KEY,
      baseUrl: env.PD_BASE_URL?.replace(/\/+$/, ''),
      webhookUser: env.PD_WEBHOOK_USER,
      webhookPassword: env.PD_WEBHOOK_PASSWORD,
      rateLimitPer2s: env.PD_RATE_LIMIT_PER_2S,
      reconcileIntervalSeconds: env.PD_RECONCILE_INTERVAL_SECONDS,
      syncSettle: { quietMs: env.PD_SYNC_SETTLE_MS, maxSeconds: env.PD_SYNC_SETTLE_MAX_SECONDS },
    };
    this.google = {
      clientEmail: env.G_CLIENT_EMAIL,
      // Keys pasted into env files usually carry literal "\n" sequences.
      privateKey: env.G_PRIVATE_KEY?.replace(/\\n/g, '\n'),
      privateKeyId: env.G_PRIVATE_KEY_ID,
      projectId: env.G_PROJECT_ID,
      clientId: env.G_CLIENT_ID,
      scopes: googleScopes(env.G_SCOPES),
      tokenUri: env.G_TOKEN_URI,
      calendarApiUrl: env.GOOGLE_CALENDAR_API_URL.replace(/\/+$/, ''),
    };
    this.googleOAuth = {
      clientId: env.GOOGLE_OAUTH_CLIENT_ID,
      clientSecret: env.GOOGLE_OAUTH_CLIENT_SECRET,
      authorizeUrl: env.GOOGLE_OAUTH_AUTHORIZE_URL,
      tokenUrl: env.GOOGLE_OAUTH_TOKEN_URL,
      userinfoUrl: env.GOOGLE_OAUTH_USERINFO_URL,
      hostedDomain: env.GOOGLE_HOSTED_DOMAIN,
    };
    this.adminSpaUrl = (env.ADMIN_SPA_URL ?? `${this.hermesUrl}/admin/`);
    this.sentry = { dsn: env.SENTRY_DSN, environment: env.SENTRY_ENVIRONMENT ?? env.NODE_ENV, release: env.HERMES_RELEASE ?? `hermes@${hermesVersion()}` };
    this.metricsToken = env.METRICS_TOKEN;
    this.shutdown = { timeoutSeconds: env.SHUTDOWN_TIMEOUT_SECONDS, delaySeconds: env.SHUTDOWN_DELAY_SECONDS };
    this.logLevel = env.LOG_LEVEL;
  }

  /** No TC2, Pipedrive or Google credentials: run against the local simulators. */
  get sandbox(): boolean {
    return !this.tc2.apiKey && !this.pipedrive.apiKey && !this.google.privateKey;
  }
}

/** Reads and checks the environment; throws a ConfigError naming every bad variable. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): HermesConfig {
  const raw = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const problems: string[] = [];

  for (const name of Object.keys(raw)) {
    if (OWN_PREFIXES.test(name) && !KNOWN.has(name)) problems.push(`${name} is not a Hermes setting (see README: Configuration)`);
  }

  const env = plainToInstance(Environment, raw, { exposeDefaultValues: true });
  for (const error of validateSync(env, { forbidUnknownValues: false })) {
    const messages = Object.values(error.constraints ?? {});
    problems.push(`${error.property}: ${messages.join('; ')} (got ${JSON.stringify(maskSecret(error.property, error.value))})`);
  }

  if (typeof env.SHUTDOWN_DELAY_SECONDS === 'number' && env.SHUTDOWN_DELAY_SECONDS >= env.SHUTDOWN_TIMEOUT_SECONDS) {
    problems.push('SHUTDOWN_DELAY_SECONDS must be less than SHUTDOWN_TIMEOUT_SECONDS: the delay is part of the time a shutdown may take');
  }
  try {
    compileTrustProxy(env.TRUST_PROXY);
  } catch (error) {
    problems.push(`TRUST_PROXY: ${(error as Error).message}: give a hop count, or addresses, CIDR ranges, loopback, linklocal or uniquelocal, comma-separated`);
  }
  if (typeof env.G_SCOPES === 'string' && !googleScopes(env.G_SCOPES).length) problems.push('G_SCOPES must name at least one scope');

  if (env.NODE_ENV === 'production') {
    if (env.DEV_MODE) problems.push('DEV_MODE cannot be true when NODE_ENV=production');
    const required: (keyof Environment)[] = [
      'DATABASE_URL', 'SIGNING_KEY', 'TC2_API_KEY', 'PD_API_KEY', 'PD_BASE_URL', 'PD_WEBHOOK_USER', 'PD_WEBHOOK_PASSWORD',
      'G_CLIENT_EMAIL', 'G_PRIVATE_KEY', 'GOOGLE_OAUTH_CLIENT_ID', 'GOOGLE_OAUTH_CLIENT_SECRET',
      // Production runs behind an HTTPS proxy: trusting none, Hermes would take every request for plain HTTP
      // (and refuse to set the Secure session cookie) and every visitor for the proxy.
      'TRUST_PROXY',
    ];
    for (const name of required) if (!env[name]) problems.push(`${name} is required when NODE_ENV=production`);
    if (env.SIGNING_KEY === DEV_SIGNING_KEY) problems.push('SIGNING_KEY is the public development key: set a secret of your own when NODE_ENV=production');
  } else if (!env.SIGNING_KEY || env.SIGNING_KEY === DEV_SIGNING_KEY) {
    // Refused rather than warned about: with real accounts behind it, a key anyone can read lets anyone
    // forge an admin session or a support link, and a warning at start is one log line easily missed.
    const real = realServices(env);
    if (real.length) {
      problems.push(`SIGNING_KEY must be set to a secret of your own when credentials for real services are set (${real.join(', ')}): the development key is public`);
    }
  }

  if (problems.length) throw new ConfigError(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  return new HermesConfig(env);
}

function googleScopes(setting: string): string[] {
  return setting.split(/[\s,]+/).filter(Boolean);
}

/** The services configured with credentials and an address off this machine: real accounts, not the simulators. */
function realServices(env: Environment): string[] {
  const real: string[] = [];
  if (env.TC2_API_KEY && !onThisMachine(env.TC2_BASE_URL)) real.push('TC2');
  if (env.PD_API_KEY && env.PD_BASE_URL && !onThisMachine(env.PD_BASE_URL)) real.push('Pipedrive');
  if (env.G_PRIVATE_KEY && !(onThisMachine(env.G_TOKEN_URI) && onThisMachine(env.GOOGLE_CALENDAR_API_URL))) real.push('Google Calendar');
  if (env.GOOGLE_OAUTH_CLIENT_SECRET && !onThisMachine(env.GOOGLE_OAUTH_TOKEN_URL)) real.push('Google sign-in');
  return real;
}

function onThisMachine(url: string): boolean {
  const host = URL.canParse(url) ? new URL(url).hostname : '';
  return host === 'localhost' || host.endsWith('.localhost') || /^127\./.test(host) || host === '[::1]';
}

function maskSecret(name: string, value: unknown): unknown {
  return /KEY|PASSWORD|SECRET|DSN|TOKEN/.test(name) && typeof value === 'string' ? '***' : value;
}
