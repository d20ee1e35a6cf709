import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { Request, Response } from 'express';
import { HermesError } from '../core/hermes-error';
import { ErrorReportingService } from '../error-reporting/error-reporting.service';
import { DATA_EXCEPTION_MESSAGE, dataExceptionDetail, isDatabaseUnavailable, isDataException } from '../database/database-errors.util';
import { hermesErrorAnswer } from './hermes-error-answer';

/**
 * How every HTTP route answers what its services throw, unless the route's own filter answers in
 * another shape: a refusal (HermesError) with its status and field; while Postgres is away 503
 * (callers such as TC2 retry) rather than 500; a value Postgres refuses, which validation should
 * have caught, a generic 422 rather than 500 (Postgres' reason is logged, not answered).
 * Everything else is Nest's usual handling. Whatever is answered with a 5xx is reported.
 */
@Catch()
export class HttpErrorsFilter extends BaseExceptionFilter {
  private readonly logger = new Logger(HttpErrorsFilter.name);

  constructor(private readonly errors: ErrorReportingService) {
    super();
  }

  override catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') return super.catch(exception, host);
    const res = host.switchToHttp().getResponse<Response>();
    const request = host.switchToHttp().getRequest<Request>();
    if (exception instanceof HermesError) {
      const { status, body } = hermesErrorAnswer(exception);
      if (status >= 500) this.errors.serverError(exception, status, request, res);
      res.status(status).json(body);
      return;
    }
    if (isDatabaseUnavailable(exception)) {
      this.logger.warn(`Database unavailable: ${(exception as Error).message}`);
      this.errors.serverError(exception, HttpStatus.SERVICE_UNAVAILABLE, request, res);
      res.status(HttpStatus.SERVICE_UNAVAILABLE).json({ statusCode: 503, message: 'The database is unavailable; try again shortly' });
      return;
    }
    if (isDataException(exception)) {
      this.logger.warn(`A value reached the database unvalidated: ${dataExceptionDetail(exception)}`);
      res.status(HttpStatus.UNPROCESSABLE_ENTITY).json({ statusCode: 422, message: DATA_EXCEPTION_MESSAGE });
      return;
    }
    const status = exception instanceof HttpException ? exception.getStatus() : HttpStatus.INTERNAL_SERVER_ERROR;
    if (status >= 500) this.errors.serverError(exception, status, request, res);
    super.catch(exception, host);
  }
}
