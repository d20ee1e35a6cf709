import { BadRequestException } from '@nestjs/common';
import { Request } from 'express';

/** The request's body as bytes (the app leaves webhook routes unparsed, so they can be checked first). */
export function rawBody(request: Request): Buffer {
  return Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
}

/**
 * Parses the raw body in place, once the request has been let in; not JSON → 400. NUL characters
 * are dropped from strings: Postgres cannot store them in text, and they mean nothing in a name.
 */
export function parseRawJsonBody(request: Request): void {
  try {
    request.body = JSON.parse(rawBody(request).toString('utf8'), (_key, value: unknown) =>
      typeof value === 'string' && value.includes('\0') ? value.replaceAll('\0', '') : value,
    );
  } catch {
    throw new BadRequestException('The body is not valid JSON');
  }
}
