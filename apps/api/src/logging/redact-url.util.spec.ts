import { redactQuery, redactUrl } from './redact-url.util';

describe('redactUrl', () => {
  it('replaces the values of code, state and s, keeping everything else as it was', () => {
    expect(redactUrl('/auth/google/callback?state=abc123&code=4%2F0Ab&scope=email+profile')).toBe(
      '/auth/google/callback?state=[redacted]&code=[redacted]&scope=email+profile',
    );
    expect(redactUrl('/callbooker/support-link/validate/?admin_id=3&company_id=7&e=1795397354&s=9f86d0')).toBe(
      '/callbooker/support-link/validate/?admin_id=3&company_id=7&e=1795397354&s=[redacted]',
    );
    expect(redactUrl('https://accounts.google.com/o/oauth2/v2/auth?response_type=code&state=xyz#frag')).toBe(
      'https://accounts.google.com/o/oauth2/v2/auth?response_type=code&state=[redacted]#frag',
    );
  });

  it('recognises the names however they are encoded, and leaves look-alikes alone', () => {
    expect(redactUrl('/x?%73=sig&co%64e=c&codes=1&s2=2&state')).toBe('/x?%73=[redacted]&co%64e=[redacted]&codes=1&s2=2&state=[redacted]');
    expect(redactUrl('/x?%zz=1&s=%zz')).toBe('/x?%zz=1&s=[redacted]');
    expect(redactUrl('/no/query')).toBe('/no/query');
  });
});

describe('redactQuery', () => {
  it('replaces the values of code, state and s', () => {
    expect(redactQuery({ code: 'c', state: ['a', 'b'], s: 'sig', scope: 'email' })).toEqual({ code: '[redacted]', state: '[redacted]', s: '[redacted]', scope: 'email' });
    expect(redactQuery(undefined)).toBeUndefined();
  });
});
