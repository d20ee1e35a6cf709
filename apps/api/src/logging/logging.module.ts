import { randomUUID } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';
import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { HermesConfig } from '../config/hermes-config';
import { redactQuery, redactUrl } from './redact-url.util';

const REQUEST_ID = /^[\w.-]{1,100}$/;

/** What pino's standard serializers make of a request and a response (the parts Hermes rewrites). */
interface SerializedRequest {
  url?: string;
  query?: unknown;
  headers?: Record<string, unknown>;
}
interface SerializedResponse {
  headers?: Record<string, unknown>;
}

/** `headers` with the URL in `name` redacted; a copy, as pino's serialized headers are the request's own. */
function withRedactedUrlHeader(headers: Record<string, unknown> | undefined, name: string): Record<string, unknown> | undefined {
  const value = headers?.[name];
  return typeof value === 'string' ? { ...headers, [name]: redactUrl(value) } : headers;
}

/** Structured JSON logs (pino), one line per request, each with a request id echoed in `X-Request-Id`. */
@Module({})
export class LoggingModule {
  /** `destination`: where the lines go (stdout unless given; tests read them). */
  static forRoot(destination?: DestinationStream): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRootAsync({
          inject: [HermesConfig],
          useFactory: (config: HermesConfig) => {
            const options = {
              level: config.logLevel,
              genReqId: (req: IncomingMessage, res: ServerResponse) => {
                const given = req.headers['x-request-id'];
                const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
                res.setHeader('X-Request-Id', id);
                return id;
              },
              // Secrets never reach the logs: credentials, signatures and session cookies are masked...
              redact: {
                paths: [
                  'req.headers.authorization',
                  'req.headers.cookie',
                  'req.headers["webhook-signature"]',
                  'req.headers["x-api-token"]',
                  'res.headers["set-cookie"]',
                ],
                censor: '***',
              },
              // ...and so are the OAuth code and state and a support link's signature wherever a URL is logged.
              serializers: {
                req: (req: SerializedRequest) => {
                  if (req.url) req.url = redactUrl(req.url);
                  req.query = redactQuery(req.query);
                  req.headers = withRedactedUrlHeader(req.headers, 'referer');
                  return req;
                },
                res: (res: SerializedResponse) => {
                  res.headers = withRedactedUrlHeader(res.headers, 'location');
                  return res;
                },
              },
              // Monitors and load balancers ask these every few seconds.
              autoLogging: { ignore: (req: IncomingMessage) => req.url === '/health' || req.url === '/health/ready' },
            };
            return { pinoHttp: destination ? [options, destination] : options };
          },
        }),
      ],
    };
  }
}
