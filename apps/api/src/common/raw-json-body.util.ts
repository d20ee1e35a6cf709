import { BadRequestException } from '@nestjs/common';
import { Request } from 'express';

/** The request's body as bytes (the app leaves webhook routes unparsed, so they can be checked first). */
export function rawBody(request: Request): Buffer {
  return Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
}

/** Parses the raw body in place, once the request has been let in; not JSON → 400. */
export function parseRawJsonBody(request: Request): void {
  try {
    request.body = JSON.parse(rawBody(request).toString('utf8'));
  } catch {
    throw new BadRequestException('The body is not valid JSON');
  }
}
