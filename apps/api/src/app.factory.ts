import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import cors from 'cors';
import { raw } from 'express';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppModule, AppModuleOptions } from './app.module';
import { BOOKING_PATHS, bookingBodyParser } from './callbooker/booking-body.middleware';
import { sessionMiddleware } from './auth/session';
import { reviveJson } from './common/raw-json-body.util';
import { securityHeaders } from './common/security-headers.middleware';
import { workspaceRoot } from './common/workspace.util';
import { hermesValidationPipe } from './common/validation.pipe';
import { HermesConfig } from './config/hermes-config';
import { httpMetrics } from './metrics/http-metrics.middleware';
import { MetricsService } from './metrics/metrics.service';
import { PIPEDRIVE_WEBHOOK_PATH } from './pipedrive-webhook/pipedrive-webhook.controller';
import { TC2_WEBHOOK_PATH } from './tc2/tc2-webhook.controller';

const ADMIN_SPA_DIR = join(workspaceRoot(), 'dist/apps/admin');

/** The routes the public website calls from the browser; no other route answers CORS. */
const WEBSITE_PATHS = ['/callbooker', '/choose-roundrobin', '/loc'];

/**
 * How long Node's HTTP server lets a client take, for running behind a proxy: a whole request
 * (body included) and its headers are cut off well before a proxy's own limits, so a slow client
 * cannot hold connections for minutes; idle keep-alive connections outlive a typical proxy's 60 s,
 * so the proxy, not Hermes, closes them (else it may send a request on a socket being closed: 502).
 */
export interface HttpTimeouts {
  requestMs: number;
  headersMs: number;
  keepAliveMs: number;
}

export const HTTP_TIMEOUTS: HttpTimeouts = { requestMs: 30_000, headersMs: 20_000, keepAliveMs: 65_000 };

export interface CreateAppOptions extends AppModuleOptions {
  /** Tests shorten these. */
  httpTimeouts?: HttpTimeouts;
}

/** Builds the HTTP application (not yet listening): used by the entry points and the tests. */
export async function createApp(config: HermesConfig, options: CreateAppOptions = {}): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, options), {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  // First, so the timing covers everything and every answer is counted, refusals of the body parsers too.
  app.use(httpMetrics(app.get(MetricsService), { [TC2_WEBHOOK_PATH]: 'tc2', [PIPEDRIVE_WEBHOOK_PATH]: 'pipedrive' }));
  // Then, so every answer carries them, also those of the body parsers and of unknown routes.
  app.use(securityHeaders(config));
  applyHttpTimeouts(app.getHttpServer(), options.httpTimeouts ?? HTTP_TIMEOUTS);
  // The website calls these from the browser, without cookies. The admin API, sign-in and the
  // webhooks are never called cross-origin, so they grant nothing (Nest's enableCors is app-wide).
  app.use(WEBSITE_PATHS, cors({ origin: config.devMode ? '*' : config.corsOrigins, methods: ['GET', 'POST'], allowedHeaders: ['content-type'] }));
  // Before Nest's JSON parser (added at init): webhooks are authenticated (TC2's signature covers the
  // exact bytes) before their bodies are parsed.
  app.use([TC2_WEBHOOK_PATH, PIPEDRIVE_WEBHOOK_PATH], raw({ type: () => true, limit: '5mb' }));
  app.use(BOOKING_PATHS, ...bookingBodyParser());
  app.useBodyParser('json', { reviver: reviveJson });
  // Only the proxies TRUST_PROXY names may tell Hermes the client's address and protocol: anyone else
  // could pick an address to dodge the website routes' rate limit, or to spend a victim's.
  app.set('trust proxy', config.trustProxy);
  app.use(sessionMiddleware(config));
  app.disable('x-powered-by');
  app.useGlobalPipes(hermesValidationPipe());

  if (config.docsPublic) {
    const docs = new DocumentBuilder()
      .setTitle('Hermes')
      .setDescription("TutorCruncher's sales integration: TC2, Pipedrive, the website callbooker and Google Calendar.")
      .setVersion('3')
      .build();
    SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, docs));
  }

  // The admin SPA, once built (`npx nx run admin:build`; `npm start` does it).
  if (existsSync(join(ADMIN_SPA_DIR, 'index.html'))) app.useStaticAssets(ADMIN_SPA_DIR, { prefix: '/admin/' });
  return app;
}

function applyHttpTimeouts(server: Server, timeouts: HttpTimeouts): void {
  server.requestTimeout = timeouts.requestMs;
  server.headersTimeout = timeouts.headersMs;
  server.keepAliveTimeout = timeouts.keepAliveMs;
  // Node checks the first two only this often (30 s by default: a request could run on that much
  // longer). Read when the server starts listening; missing from Node's types.
  Object.assign(server, { connectionsCheckingInterval: Math.ceil(Math.min(timeouts.requestMs, timeouts.headersMs) / 4) });
}
