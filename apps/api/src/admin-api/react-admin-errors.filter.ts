import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import type { Response } from 'express';

/**
 * Adds react-admin's `errors` (field → message) to 400/422 bodies that name fields, so the SPA
 * shows each problem under its input (react-admin's server-side validation) as well as Hermes'
 * usual `fields`.
 */
@Catch(HttpException)
export class ReactAdminErrorsFilter implements ExceptionFilter {
  catch(exception: HttpException, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const body = exception.getResponse();
    const payload = typeof body === 'string' ? { statusCode: exception.getStatus(), message: body } : (body as Record<string, unknown>);
    const fields = payload.fields as Record<string, string[]> | undefined;
    const errors = fields && Object.fromEntries(Object.entries(fields).map(([field, problems]) => [field, problems.join('; ')]));
    res.status(exception.getStatus()).json(errors ? { ...payload, errors } : payload);
  }
}
