import { ExecutionContext, UnauthorizedException } from '@nestjs/common';
import { loadConfig } from '../config/hermes-config';
import { PipedriveBasicAuthGuard } from './pipedrive-basic-auth.guard';

const basic = (credentials: string) => `Basic ${Buffer.from(credentials).toString('base64')}`;

function contextFor(authorization: string | undefined, body = Buffer.from('{"meta":{}}')) {
  const request = { body, header: (name: string) => (name.toLowerCase() === 'authorization' ? authorization : undefined) };
  const context = { switchToHttp: () => ({ getRequest: () => request }) } as unknown as ExecutionContext;
  return { request, context };
}

describe('PipedriveBasicAuthGuard', () => {
  const guard = new PipedriveBasicAuthGuard(loadConfig({ PD_WEBHOOK_USER: 'pipedrive', PD_WEBHOOK_PASSWORD: 's3cret' }));

  it('lets the registered credentials in and only then parses the body', () => {
    const { request, context } = contextFor(basic('pipedrive:s3cret'));
    expect(guard.canActivate(context)).toBe(true);
    expect(request.body).toEqual({ meta: {} });
  });

  it.each([undefined, basic('pipedrive:wrong'), basic('someone:s3cret'), basic('pipedrive:s3cret2'), 'Basic', 'Bearer s3cret'])(
    'refuses %s with 401, body untouched',
    (authorization) => {
      const { request, context } = contextFor(authorization);
      expect(() => guard.canActivate(context)).toThrow(UnauthorizedException);
      expect(Buffer.isBuffer(request.body)).toBe(true);
    },
  );

  it('refuses everything while PD_WEBHOOK_USER is not set', () => {
    const open = new PipedriveBasicAuthGuard(loadConfig({}));
    expect(() => open.canActivate(contextFor(basic(':')).context)).toThrow(UnauthorizedException);
  });
});
