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
