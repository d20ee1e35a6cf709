import { applyDecorators, Controller, UseFilters, UseGuards } from '@nestjs/common';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import { AdminSessionGuard } from '../auth/admin-session.guard';
import { CsrfGuard } from '../auth/csrf.guard';
import { ReactAdminErrorsFilter } from './react-admin-errors.filter';

export const ADMIN_API_PREFIX = 'admin-api';

/** A resource of the admin REST API: under /admin-api/, signed-in Admins only (401), CSRF-checked writes (403). */
export function AdminApiController(resource: string): ClassDecorator {
  return applyDecorators(
    Controller(`${ADMIN_API_PREFIX}/${resource}`),
    ApiTags('admin-api'),
    UseGuards(AdminSessionGuard, CsrfGuard),
    UseFilters(ReactAdminErrorsFilter),
  );
}

/** Documents a list route's ra-data-simple-rest parameters in /docs. */
export function ApiListQuery(): MethodDecorator {
  return applyDecorators(
    ApiQuery({ name: 'sort', required: false, description: 'JSON ["field", "ASC" | "DESC"]', example: '["id","ASC"]' }),
    ApiQuery({ name: 'range', required: false, description: 'JSON [start, end], inclusive; every row when absent', example: '[0,24]' }),
    ApiQuery({ name: 'filter', required: false, description: 'JSON object of filters; `q` searches text', example: '{}' }),
  );
}
