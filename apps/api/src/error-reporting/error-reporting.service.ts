import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type * as SentrySdk from '@sentry/node';
import type { Request, Response } from 'express';
import { HermesConfig } from '../config/hermes-config';
import { scrubEvent } from './scrub-event.util';

type Sentry = typeof SentrySdk;

/**
 * Error reports to Sentry (SENTRY_DSN; off without it): unhandled errors and rejections (the SDK's own
 * handlers; a rejection still ends the process, as Node does without them), exceptions answered with
 * a 5xx, and jobs that failed for good. Every report is scrubbed of credentials and personal data
 * before it leaves (scrub-event.util.ts); a job's report names its kind and company, never its payload.
 */
@Injectable()
export class ErrorReportingService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(ErrorReportingService.name);
  private sentry?: Sentry;

  constructor(private readonly config: HermesConfig) {}

  async onModuleInit(): Promise<void> {
    const { dsn, environment, release } = this.config.sentry;
    if (!dsn) return;
    // Loaded only when on: the SDK costs some 20 MiB and half a second of start-up.
    const sentry = await import('@sentry/node');
    const secrets = secretsOf(this.config);
    sentry.init({
      dsn,
      environment,
      release,
      sendDefaultPii: false,
      // Errors only: no tracing, and no trace headers added to requests to TC2, Pipedrive or Google.
      tracePropagationTargets: [],
      integrations: [
        sentry.httpIntegration({ maxIncomingRequestBodySize: 'none' }),
        sentry.onUnhandledRejectionIntegration({ mode: 'strict' }),
      ],
      beforeSend: (event) => scrubEvent(event, secrets),
    });
    this.sentry = sentry;
    this.logger.log(`Reporting errors to Sentry (environment ${environment}, release ${release})`);
  }

  /** Sends what is still queued before the process ends. */
  async onApplicationShutdown(): Promise<void> {
    await this.sentry?.close(2000);
  }

  /** An exception became a 5xx answer to `request`. */
  serverError(exception: unknown, status: number, request: Request, response: Response): void {
    if (!this.sentry) return;
    const route = (request.route as { path?: unknown } | undefined)?.path;
    const requestId = response.getHeader('x-request-id');
    this.sentry.captureException(exception, {
      tags: {
        route: typeof route === 'string' ? route : '(unrouted)',
        method: request.method,
        status: String(status),
        ...(typeof requestId === 'string' && { request_id: requestId }),
      },
    });
  }

  /** A job used up its retries and now waits, failed, for someone to retry it. */
  jobFailedForGood(kind: string, jobId: string, data: unknown, error: unknown): void {
    if (!this.sentry) return;
    const companyId = (data as { companyId?: unknown } | null)?.companyId;
    this.sentry.captureException(error instanceof Error ? error : new Error(String(error)), {
      tags: { job_kind: kind, job_id: jobId, ...((typeof companyId === 'number' || typeof companyId === 'string') && { company_id: String(companyId) }) },
      fingerprint: ['job-failed-for-good', kind, '{{ default }}'],
    });
  }
}

/** The configured credentials, masked wherever they might turn up in a report. */
function secretsOf(config: HermesConfig): string[] {
  return [
    config.tc2.apiKey,
    config.pipedrive.apiKey,
    config.pipedrive.webhookPassword,
    config.google.privateKey,
    config.googleOAuth.clientSecret,
    config.signingKey,
    config.metricsToken,
  ].filter((secret): secret is string => !!secret);
}
