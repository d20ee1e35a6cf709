import { BadRequestException } from '@nestjs/common';
import { Request } from 'express';

/** Deeper than any body Hermes receives (the deepest, Pipedrive's webhooks, nest about five levels). */
export const MAX_JSON_DEPTH = 64;

/** Thrown while parsing a body nested deeper than MAX_JSON_DEPTH. */
export class JsonTooDeepError extends SyntaxError {
  constructor() {
    super(`The body is nested more than ${MAX_JSON_DEPTH} levels deep`);
  }
}

/** How deep each object or array revived so far nests (JSON.parse revives children first). */
const depths = new WeakMap<object, number>();

/** The request's body as bytes (the app leaves webhook routes unparsed, so they can be checked first). */
export function rawBody(request: Request): Buffer {
  return Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
}

/**
 * The reviver of every JSON body Hermes parses. NUL characters are dropped from strings, as Postgres
 * cannot store them in text and they mean nothing in a name. Bodies nested deeper than
 * MAX_JSON_DEPTH are refused: validating one a couple of thousand levels deep overflows the stack
 * (a 500), while JSON.parse alone still manages it.
 */
export function reviveJson(_key: string, value: unknown): unknown {
  if (typeof value === 'string') return value.includes('\0') ? value.replaceAll('\0', '') : value;
  if (value !== null && typeof value === 'object') {
    let depth = 1;
    for (const child of Object.values(value)) {
      if (child !== null && typeof child === 'object') depth = Math.max(depth, (depths.get(child) ?? 1) + 1);
    }
    if (depth > MAX_JSON_DEPTH) throw new JsonTooDeepError();
    depths.set(value, depth);
  }
  return value;
}

/** Parses the raw body in place, once the request has been let in; not JSON, or too deep → 400. */
export function parseRawJsonBody(request: Request): void {
  try {
    request.body = JSON.parse(rawBody(request).toString('utf8'), reviveJson);
  } catch (error) {
    throw new BadRequestException(error instanceof JsonTooDeepError ? error.message : 'The body is not valid JSON');
  }
}
