import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { hermesErrorAnswer } from '../common/hermes-error-answer';
import { HermesError } from '../core/hermes-error';
import { ErrorReportingService } from '../error-reporting/error-reporting.service';

/**
 * Adds react-admin's `errors` (field → message) to 400/422 bodies that name fields, so the SPA
 * shows each problem under its input (react-admin's server-side validation) as well as Hermes'
 * usual `fields`.
 */
@Catch(HttpException, HermesError)
export class ReactAdminErrorsFilter implements ExceptionFilter {
  constructor(private readonly errors: ErrorReportingService) {}

  catch(exception: HttpException | HermesError, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const { status, payload } = answerOf(exception);
    if (status >= 500) this.errors.serverError(exception, status, host.switchToHttp().getRequest<Request>(), res);
    const fields = payload.fields as Record<string, string[]> | undefined;
    const errors = fields && Object.fromEntries(Object.entries(fields).map(([field, problems]) => [field, problems.join('; ')]));
    res.status(status).json(errors ? { ...payload, errors } : payload);
  }
}

function answerOf(exception: HttpException | HermesError): { status: number; payload: Record<string, unknown> } {
  if (exception instanceof HermesError) {
    const { status, body } = hermesErrorAnswer(exception);
    return { status, payload: { ...body } };
  }
  const body = exception.getResponse();
  const payload = typeof body === 'string' ? { statusCode: exception.getStatus(), message: body } : (body as Record<string, unknown>);
  return { status: exception.getStatus(), payload };
}
