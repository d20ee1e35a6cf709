import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength } from 'class-validator';

const URL_OPTIONS = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };
const toBoolean = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? (['true', '1', 'yes'].includes(value.toLowerCase()) ? true : ['false', '0', 'no', ''].includes(value.toLowerCase()) ? false : value) : value;
const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value);

/**
 * The environment variables Hermes reads (README.md, "Configuration"), as they arrive (strings), with their rules.
 * Read by `loadConfig`, which names every variable that breaks a rule.
 */
export class Environment {
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// connection string' })
  DATABASE_URL?: string;

  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(65535)
  PORT: number = 8000;

  @IsOptional() @IsString()
  HOST: string = '0.0.0.0';

  /** Defaults to http://localhost:{PORT}. */
  @IsOptional() @IsUrl(URL_OPTIONS)
  HERMES_URL?: string;

  @IsOptional() @IsIn(['api', 'worker', 'all'])
  HERMES_ROLE: 'api' | 'worker' | 'all' = 'all';

  /** Local state: the embedded Postgres' data and, in sandbox mode, `sandbox.env`. */
  @IsOptional() @IsString() @MinLength(1)
  HERMES_HOME: string = '.hermes';

  /** A job running longer than this is presumed lost (its worker died) and runs again. pg-boss allows under a day. */
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(86_399)
  HERMES_JOB_EXPIRE_SECONDS: number = 600;

  /** Webhook log entries older than this are deleted by the daily housekeeping job. */
  @IsOptional() @Transform(toInt) @IsInt() @Min(1)
  WEBHOOK_LOG_RETENTION_DAYS: number = 90;

  @IsOptional() @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @IsOptional() @Transform(toBoolean) @IsBoolean()
  DEV_MODE: boolean = false;

  /** Serve the OpenAPI docs (/docs, /docs-json); unset: everywhere but in production. */
  @IsOptional() @Transform(toBoolean) @IsBoolean()
  DOCS_PUBLIC?: boolean;

  @IsOptional() @IsString()
  CORS_ORIGINS: string = 'https://tutorcruncher.com,https://new.tutorcruncher.com';

  @IsOptional() @IsString() @MinLength(16)
  SIGNING_KEY?: string;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1)
  SUPPORT_TTL_DAYS: number = 4;

  /** Refuse support bookings that do not carry their support link's `s` and `e`. */
  @IsOptional() @Transform(toBoolean) @IsBoolean()
  SUPPORT_BOOKING_REQUIRES_LINK: boolean = false;

  @IsOptional() @IsUrl(URL_OPTIONS)
  CALLBOOKER_BASE_URL: string = 'https://tutorcruncher.com/book-a-call';

  /** The links of the calendar invitation a booking sends (the trial link gets the client's id appended). */
  @IsOptional() @IsUrl(URL_OPTIONS)
  INVITE_DEMO_VIDEO_URL: string = 'https://www.youtube.com/watch?v=2iUK0RTm4pw';

  @IsOptional() @IsUrl(URL_OPTIONS)
  INVITE_ADMIN_GUIDE_URL: string = 'https://cdn.tutorcruncher.com/guides/admin-user-guide.pdf';

  @IsOptional() @IsUrl(URL_OPTIONS)
  INVITE_FREE_TRIAL_URL: string = 'https://secure.tutorcruncher.com/start/1/';

  @IsOptional() @IsString()
  DFT_TIMEZONE: string = 'Europe/London';

  /**
   * Which proxies in front of Hermes to believe about the client's address and protocol
   * (`X-Forwarded-For`, `X-Forwarded-Proto`, `CF-Connecting-IP`): a hop count, or a comma-separated
   * list of addresses, CIDR ranges and `loopback`, `linklocal`, `uniquelocal`. Unset: none.
   */
  @IsOptional() @IsString()
  TRUST_PROXY?: string;

  @IsOptional() @IsString() @MinLength(1)
  TC2_API_KEY?: string;

  @IsOptional() @IsUrl(URL_OPTIONS)
  TC2_BASE_URL: string = 'http://localhost:5000';

  @IsOptional() @IsString() @MinLength(1)
  PD_API_KEY?: string;

  @IsOptional() @IsUrl(URL_OPTIONS)
  PD_BASE_URL?: string;

  @IsOptional() @IsString() @MinLength(1)
  PD_WEBHOOK_USER?: string;

  @IsOptional() @IsString() @MinLength(1)
  PD_WEBHOOK_PASSWORD?: string;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(1000)
  PD_RATE_LIMIT_PER_2S: number = 20;

  /**
   * How often the catch-up lists what changed in Pipedrive (healing lost webhooks) and checks
   * Hermes' webhooks there; 0 turns both off.
   */
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(86_400)
  PD_RECONCILE_INTERVAL_SECONDS: number = 300;

  /**
   * A company's Pipedrive sync starts once its changes have settled (no new change for this long),
   * so a burst of events costs one sync; 0 starts it at once.
   */
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(10_000)
  PD_SYNC_SETTLE_MS: number = 300;

  /** However long the changes keep coming, a company's sync waits no longer than this after the first. */
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(600)
  PD_SYNC_SETTLE_MAX_SECONDS: number = 10;

  @IsOptional() @IsString()
  G_CLIENT_EMAIL?: string;

  @IsOptional() @IsString()
  G_PRIVATE_KEY?: string;

  @IsOptional() @IsString()
  G_PRIVATE_KEY_ID?: string;

  @IsOptional() @IsString()
  G_PROJECT_ID?: string;

  @IsOptional() @IsString()
  G_CLIENT_ID?: string;

  /** The delegation scopes asked for, space- or comma-separated; v2 asked for the whole calendar. */
  @IsOptional() @IsString()
  G_SCOPES: string = 'https://www.googleapis.com/auth/calendar';

  @IsOptional() @IsUrl(URL_OPTIONS)
  G_TOKEN_URI: string = 'https://oauth2.googleapis.com/token';

  @IsOptional() @IsUrl(URL_OPTIONS)
  GOOGLE_CALENDAR_API_URL: string = 'https://www.googleapis.com';

  @IsOptional() @IsString()
  GOOGLE_OAUTH_CLIENT_ID?: string;

  @IsOptional() @IsString()
  GOOGLE_OAUTH_CLIENT_SECRET?: string;

  @IsOptional() @IsUrl(URL_OPTIONS)
  GOOGLE_OAUTH_AUTHORIZE_URL: string = 'https://accounts.google.com/o/oauth2/v2/auth';

  @IsOptional() @IsUrl(URL_OPTIONS)
  GOOGLE_OAUTH_TOKEN_URL: string = 'https://oauth2.googleapis.com/token';

  @IsOptional() @IsUrl(URL_OPTIONS) @Matches(/\/userinfo$/, { message: 'GOOGLE_OAUTH_USERINFO_URL must end in /userinfo' })
  GOOGLE_OAUTH_USERINFO_URL: string = 'https://openidconnect.googleapis.com/v1/userinfo';

  @IsOptional() @IsString()
  GOOGLE_HOSTED_DOMAIN?: string;

  @IsOptional() @IsUrl(URL_OPTIONS)
  ADMIN_SPA_URL?: string;

  @IsOptional() @IsUrl(URL_OPTIONS)
  SENTRY_DSN?: string;

  /** Sentry's environment of the reports; NODE_ENV when unset. */
  @IsOptional() @IsString() @MinLength(1)
  SENTRY_ENVIRONMENT?: string;

  /** The release reports name; `hermes@{package.json version}` when unset (a deploy may set its commit). */
  @IsOptional() @IsString() @MinLength(1)
  HERMES_RELEASE?: string;

  /** Bearer token a Prometheus scrape of /metrics must send; unset: no /metrics. */
  @IsOptional() @IsString() @MinLength(16)
  METRICS_TOKEN?: string;

  /** From SIGTERM (or Ctrl-C) until the process has exited, whatever is still running. */
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(3600)
  SHUTDOWN_TIMEOUT_SECONDS: number = 25;

  /** After SIGTERM, how long the API still takes requests while /health/ready answers 503, so a load balancer stops sending them. */
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(3600)
  SHUTDOWN_DELAY_SECONDS: number = 0;

  @IsOptional() @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent' = 'info';
}
