import { BadRequestException } from '@nestjs/common';
import { Request } from 'express';

/** The request's body as bytes (the app leaves webhook routes unparsed, so they can be checked first). */
export function rawBody(request: Request): Buffer {
  return Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
}

/**
 * The reviver of every JSON body Hermes parses: NUL characters are dropped from strings, as Postgres
 * cannot store them in text and they mean nothing in a name.
 */
export function dropNul(_key: string, value: unknown): unknown {
  return typeof value === 'string' && value.includes('\0') ? value.replaceAll('\0', '') : value;
}

/** Parses the raw body in place, once the request has been let in; not JSON → 400. */
export function parseRawJsonBody(request: Request): void {
  try {
    request.body = JSON.parse(rawBody(request).toString('utf8'), dropNul);
  } catch {
    throw new BadRequestException('The body is not valid JSON');
  }
}
