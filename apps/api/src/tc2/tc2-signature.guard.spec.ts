import { BadRequestException, ExecutionContext, ForbiddenException, Logger } from '@nestjs/common';
import { loadConfig } from '../config/hermes-config';
import { Tc2SignatureGuard } from './tc2-signature.guard';
import { tc2WebhookSignature } from './tc2-signature.util';

const KEY = 'tc2-guard-key';
const BODY = Buffer.from('{"events":[]}');

function contextFor(signature?: string, body: Buffer = BODY): ExecutionContext & { request: { body: unknown } } {
  const request = { body, header: (name: string) => (name === 'webhook-signature' ? signature : undefined) };
  return { request, switchToHttp: () => ({ getRequest: () => request }) } as unknown as ExecutionContext & { request: { body: unknown } };
}

describe('Tc2SignatureGuard', () => {
  let warnings: string[];

  beforeEach(() => {
    warnings = [];
    jest.spyOn(Logger.prototype, 'warn').mockImplementation((message: string) => void warnings.push(message));
  });
  afterEach(() => jest.restoreAllMocks());

  it('lets through a request signed with TC2_API_KEY, its body parsed only then', () => {
    const guard = new Tc2SignatureGuard(loadConfig({ TC2_API_KEY: KEY }));
    const context = contextFor(tc2WebhookSignature(BODY, KEY));
    expect(guard.canActivate(context)).toBe(true);
    expect(context.request.body).toEqual({ events: [] });
  });

  it('checks the signature before parsing: unsigned garbage is 403, signed garbage 400', () => {
    const guard = new Tc2SignatureGuard(loadConfig({ TC2_API_KEY: KEY }));
    const garbage = Buffer.from('{not json');
    expect(() => guard.canActivate(contextFor('0'.repeat(64), garbage))).toThrow(ForbiddenException);
    expect(() => guard.canActivate(contextFor(tc2WebhookSignature(garbage, KEY), garbage))).toThrow(BadRequestException);
  });

  it.each([
    ['missing', undefined],
    ['wrong', tc2WebhookSignature(BODY, 'other-key')],
  ])('refuses a %s signature with 403, logging neither the key nor the expected signature', (_case, signature) => {
    const guard = new Tc2SignatureGuard(loadConfig({ TC2_API_KEY: KEY }));
    expect(() => guard.canActivate(contextFor(signature))).toThrow(ForbiddenException);
    expect(warnings.join('\n')).not.toContain(KEY);
    expect(warnings.join('\n')).not.toContain(tc2WebhookSignature(BODY, KEY));
  });

  it('refuses everything when no key is configured', () => {
    expect(() => new Tc2SignatureGuard(loadConfig({})).canActivate(contextFor('anything'))).toThrow(ForbiddenException);
  });

  it('skips the check in DEV_MODE', () => {
    expect(new Tc2SignatureGuard(loadConfig({ DEV_MODE: 'true' })).canActivate(contextFor())).toBe(true);
  });
});
