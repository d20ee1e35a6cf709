import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { hermesErrorAnswer } from '../common/hermes-error-answer';
import { HermesError } from '../core/hermes-error';
import { ErrorReportingService } from '../error-reporting/error-reporting.service';
import { DATA_EXCEPTION_MESSAGE, dataExceptionDetail, isDatabaseUnavailable, isDataException } from '../database/database-errors.util';

/**
 * The website shows a booking error only when the JSON says `"status": "error"` (it ignores the
 * HTTP status), so every failure of a booking endpoint, validation included, answers in that shape;
 * so do support-link validation's, as v2's did.
 */
@Catch()
export class BookingErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(BookingErrorFilter.name);

  constructor(private readonly errors: ErrorReportingService) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const report = (status: number) => this.errors.serverError(error, status, host.switchToHttp().getRequest<Request>(), response);
    if (error instanceof HermesError) {
      const { status, body } = hermesErrorAnswer(error);
      if (status >= 500) report(status);
      response.status(status).json({ status: 'error', message: body.message, ...(body.fields ? { fields: body.fields } : {}) });
      return;
    }
    if (error instanceof HttpException) {
      const body = error.getResponse();
      const message = typeof body === 'string' ? body : String((body as { message?: unknown }).message ?? error.message);
      const fields = typeof body === 'object' ? (body as { fields?: unknown }).fields : undefined;
      if (error.getStatus() >= 500) report(error.getStatus());
      response.status(error.getStatus()).json({ status: 'error', message, ...(fields ? { fields } : {}) });
      return;
    }
    // The database's own failures, answered as everywhere else (HttpErrorsFilter), in the website's shape.
    if (isDatabaseUnavailable(error)) {
      report(HttpStatus.SERVICE_UNAVAILABLE);
      response.status(HttpStatus.SERVICE_UNAVAILABLE).json({ status: 'error', message: 'Booking is unavailable for a moment: please try again shortly.' });
      return;
    }
    if (isDataException(error)) {
      this.logger.warn(`A value reached the database unvalidated: ${dataExceptionDetail(error)}`);
      response.status(HttpStatus.UNPROCESSABLE_ENTITY).json({ status: 'error', message: DATA_EXCEPTION_MESSAGE });
      return;
    }
    this.logger.error(error instanceof Error ? error.stack : String(error));
    report(HttpStatus.INTERNAL_SERVER_ERROR);
    response.status(HttpStatus.INTERNAL_SERVER_ERROR).json({ status: 'error', message: 'Something went wrong booking the call: please try again.' });
  }
}
