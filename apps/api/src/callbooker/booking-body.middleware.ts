import { ErrorRequestHandler, json, RequestHandler } from 'express';
import { reviveJson } from '../common/raw-json-body.util';

/** The booking routes: their every failure answers in the website's `{status: 'error'}` shape. */
export const BOOKING_PATHS = ['/callbooker/sales/book', '/callbooker/support/book'];

/**
 * The booking routes' JSON parser, ahead of Nest's: a body that is not JSON fails in the parser,
 * before any Nest filter could shape the answer, so it is answered here.
 */
export function bookingBodyParser(): [RequestHandler, ErrorRequestHandler] {
  const parse = json({ limit: '100kb', reviver: reviveJson });
  return [
    // Wrapped: Nest skips adding its own JSON parser when it finds body-parser's `jsonParser` on the stack.
    (req, res, next) => parse(req, res, next),
    (error, _req, res, next) => {
      const status = (error as { status?: number }).status;
      if (!status || status >= 500) return next(error);
      res.status(status).json({ status: 'error', message: status === 413 ? 'The body is too large' : 'The body is not valid JSON' });
    },
  ];
}
