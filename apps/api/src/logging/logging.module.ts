import { randomUUID } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { HermesConfig } from '../config/hermes-config';

const REQUEST_ID = /^[\w.-]{1,100}$/;

/** Structured JSON logs (pino), one line per request, each with a request id echoed in `X-Request-Id`. */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [HermesConfig],
      useFactory: (config: HermesConfig) => ({
        pinoHttp: {
          level: config.logLevel,
          genReqId: (req: IncomingMessage, res: ServerResponse) => {
            const given = req.headers['x-request-id'];
            const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
            res.setHeader('X-Request-Id', id);
            return id;
          },
          // Secrets never reach the logs: credentials, signatures and session cookies are masked.
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
          autoLogging: { ignore: (req: IncomingMessage) => req.url === '/health' },
        },
      }),
    }),
  ],
})
export class LoggingModule {}
