import { RequestHandler } from 'express';
import helmet from 'helmet';
import { HermesConfig } from '../config/hermes-config';

/**
 * Security headers on every answer (helmet). Scripts may come only from Hermes' own files; styles
 * may also be inline, as MUI (the admin SPA), Swagger UI and the sign-in pages write them. No page
 * may be framed. HSTS and the upgrade of insecure requests only in production, which runs behind
 * HTTPS: a developer's http://localhost must keep working.
 */
export function securityHeaders(config: Pick<HermesConfig, 'production'>): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        imgSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        ...(config.production && { upgradeInsecureRequests: [] }),
      },
    },
    strictTransportSecurity: config.production,
    xFrameOptions: { action: 'deny' },
  });
}
