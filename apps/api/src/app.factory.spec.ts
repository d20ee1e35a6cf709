import { startHermesApp } from './__fixtures__/hermes-app.fixture';

/** A production environment whose services are never reached by these tests. */
const PRODUCTION = {
  NODE_ENV: 'production',
  HERMES_ROLE: 'api',
  SIGNING_KEY: 'app-factory-test-signing-key',
  TC2_API_KEY: 'tc2-key',
  PD_API_KEY: 'pd-key',
  PD_BASE_URL: 'https://acme.pipedrive.example',
  PD_WEBHOOK_USER: 'pipedrive',
  PD_WEBHOOK_PASSWORD: 'hook-password',
  G_CLIENT_EMAIL: 'calendar@acme.iam.gserviceaccount.com',
  G_PRIVATE_KEY: 'key',
  GOOGLE_OAUTH_CLIENT_ID: 'client-id',
  GOOGLE_OAUTH_CLIENT_SECRET: 'client-secret',
};

describe('the OpenAPI docs', () => {
  const served = async (env: Record<string, string>) => {
    const hermes = await startHermesApp(env);
    try {
      const [page, spec] = await Promise.all([fetch(`${hermes.url}/docs`), fetch(`${hermes.url}/docs-json`)]);
      return [page.status, spec.status];
    } finally {
      await hermes.stop();
    }
  };

  it('are not served in production unless DOCS_PUBLIC=true', async () => {
    expect(await served(PRODUCTION)).toEqual([404, 404]);
    expect(await served({ ...PRODUCTION, DOCS_PUBLIC: 'true' })).toEqual([200, 200]);
  });

  it('are served elsewhere unless DOCS_PUBLIC=false', async () => {
    expect(await served({ HERMES_ROLE: 'api' })).toEqual([200, 200]);
    expect(await served({ HERMES_ROLE: 'api', DOCS_PUBLIC: 'false' })).toEqual([404, 404]);
  });
});

describe('CORS', () => {
  const WEBSITE = 'https://tutorcruncher.com';
  const corsHeaders = (response: Response) => [...response.headers.keys()].filter((name) => name.startsWith('access-control-'));

  const NOT_FOR_BROWSERS_ELSEWHERE: [string, string][] = [
    ['GET', '/admin-api/companies'],
    ['PUT', '/admin-api/config'],
    ['GET', '/auth/me'],
    ['POST', '/auth/logout'],
    ['POST', '/tc2/callback/'],
    ['POST', '/pipedrive/callback/'],
    ['GET', '/companies/?name=Acme'],
    ['GET', '/health'],
  ];

  it.each([
    ['CORS_ORIGINS', {}],
    ['DEV_MODE', { DEV_MODE: 'true' }],
  ])('is granted only on the website’s routes (with %s)', async (_, env) => {
    const hermes = await startHermesApp({ HERMES_ROLE: 'api', ...env });
    try {
      const loc = await fetch(`${hermes.url}/loc/`, { headers: { origin: WEBSITE } });
      const preflight = await fetch(`${hermes.url}/choose-roundrobin/sales/`, {
        method: 'OPTIONS',
        headers: { origin: WEBSITE, 'access-control-request-method': 'GET' },
      });
      expect(loc.headers.get('access-control-allow-origin')).toMatch(/^(https:\/\/tutorcruncher\.com|\*)$/);
      expect([preflight.status, preflight.headers.get('access-control-allow-methods')]).toEqual([204, 'GET,POST']);

      for (const [method, path] of NOT_FOR_BROWSERS_ELSEWHERE) {
        for (const origin of [WEBSITE, 'https://evil.example']) {
          const simple = await fetch(`${hermes.url}${path}`, { method, headers: { origin, 'content-type': 'application/json' }, body: method === 'GET' ? undefined : '{}' });
          const preflight = await fetch(`${hermes.url}${path}`, {
            method: 'OPTIONS',
            headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': 'content-type' },
          });
          expect({ path, origin, simple: corsHeaders(simple), preflight: corsHeaders(preflight) }).toEqual({ path, origin, simple: [], preflight: [] });
        }
      }
    } finally {
      await hermes.stop();
    }
  });
});
