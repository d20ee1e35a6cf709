import { ArgumentsHost, Catch, HttpStatus, Logger } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { Response } from 'express';
import { HermesError } from '../core/hermes-error';
import { DATA_EXCEPTION_MESSAGE, dataExceptionDetail, isDatabaseUnavailable, isDataException } from '../database/database-errors.util';
import { hermesErrorAnswer } from './hermes-error-answer';

/**
 * How every HTTP route answers what its services throw, unless the route's own filter answers in
 * another shape: a refusal (HermesError) with its status and field; while Postgres is away 503
 * (callers such as TC2 retry) rather than 500; a value Postgres refuses, which validation should
 * have caught, a generic 422 rather than 500 (Postgres' reason is logged, not answered).
 * Everything else is Nest's usual handling.
 */
@Catch()
export class HttpErrorsFilter extends BaseExceptionFilter {
  private readonly logger = new Logger(HttpErrorsFilter.name);

  override catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') return super.catch(exception, host);
    const res = host.switchToHttp().getResponse<Response>();
    if (exception instanceof HermesError) {
      const { status, body } = hermesErrorAnswer(exception);
      res.status(status).json(body);
      return;
    }
    if (isDatabaseUnavailable(exception)) {
      this.logger.warn(`Database unavailable: ${(exception as Error).message}`);
      res.status(HttpStatus.SERVICE_UNAVAILABLE).json({ statusCode: 503, message: 'The database is unavailable; try again shortly' });
      return;
    }
    if (isDataException(exception)) {
      this.logger.warn(`A value reached the database unvalidated: ${dataExceptionDetail(exception)}`);
      res.status(HttpStatus.UNPROCESSABLE_ENTITY).json({ statusCode: 422, message: DATA_EXCEPTION_MESSAGE });
      return;
    }
    super.catch(exception, host);
  }
}
