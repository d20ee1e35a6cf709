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

/** How many `{` and `[` the text holds, counting no further than `limit + 1`. */
function openingsUpTo(text: string, limit: number): number {
  let count = 0;
  for (const opening of ['{', '[']) {
    for (let at = text.indexOf(opening); at !== -1 && count <= limit; at = text.indexOf(opening, at + 1)) count++;
  }
  return count;
}

/**
 * JSON.parse with reviveJson's rules. A reviver costs a call per value, so a body that cannot break
 * them is parsed without one: with no more than MAX_JSON_DEPTH brackets in all (inside strings too)
 * it cannot nest deeper, and without the escape `\u0000` it holds no NUL (JSON has no other way to
 * write one in a string). Most webhooks are such bodies; any other takes the reviver.
 */
export function parseJson(text: string): unknown {
  if (!text.includes('\\u0000') && openingsUpTo(text, MAX_JSON_DEPTH) <= MAX_JSON_DEPTH) return JSON.parse(text);
  return JSON.parse(text, reviveJson);
}

/** Parses the raw body in place, once the request has been let in; not JSON, or too deep → 400. */
export function parseRawJsonBody(request: Request): void {
  try {
    request.body = parseJson(rawBody(request).toString('utf8'));
  } catch (error) {
    throw new BadRequestException(error instanceof JsonTooDeepError ? error.message : 'The body is not valid JSON');
  }
}
