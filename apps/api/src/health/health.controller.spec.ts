import { HermesTestApp, startHermesApp } from '../__fixtures__/hermes-app.fixture';

describe('GET /health and /docs', () => {
  let hermes: HermesTestApp;
  let baseUrl: string;

  beforeAll(async () => {
    hermes = await startHermesApp();
    baseUrl = hermes.url;
  });

  afterAll(async () => {
    await hermes?.stop();
  });

  it('reports ok with the database reachable, and gives every response a request id', async () => {
    const response = await fetch(`${baseUrl}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', database: 'ok', queue: { pending: {}, failed: 0 } });
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('echoes the caller’s request id so logs can be followed across systems', async () => {
    const response = await fetch(`${baseUrl}/health`, { headers: { 'X-Request-Id': 'tc2-delivery-42' } });
    expect(response.headers.get('x-request-id')).toBe('tc2-delivery-42');
  });

  it('serves the OpenAPI docs', async () => {
    const page = await fetch(`${baseUrl}/docs`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Swagger UI');
    const spec = (await (await fetch(`${baseUrl}/docs-json`)).json()) as { info: { title: string }; paths: object };
    expect(spec.info.title).toBe('Hermes');
    expect(Object.keys(spec.paths)).toContain('/health');
  });

  it('answers 404 for unknown routes', async () => {
    expect((await fetch(`${baseUrl}/no-such-route`)).status).toBe(404);
  });

  it('reports 503 naming what fails when queries fail though the database answers', async () => {
    const sql = (query: string) => hermes.dataSource.query(query);
    const health = async () => {
      const response = await fetch(`${baseUrl}/health`);
      return { status: response.status, body: await response.json() };
    };

    await sql('ALTER TABLE admin RENAME TO admin_away');
    try {
      expect(await health()).toEqual({ status: 503, body: { status: 'error', database: 'ok', failing: ['admin table'], queue: { pending: {}, failed: 0 } } });
    } finally {
      await sql('ALTER TABLE admin_away RENAME TO admin');
    }
    await sql('ALTER TABLE pgboss.job RENAME TO job_away');
    try {
      expect(await health()).toEqual({ status: 503, body: { status: 'error', database: 'ok', failing: ['job queue'] } });
    } finally {
      await sql('ALTER TABLE pgboss.job_away RENAME TO job');
    }
    expect((await health()).status).toBe(200);
  });

  it('reports the database as unavailable (503) once it is gone', async () => {
    await hermes.database.drop();
    const response = await fetch(`${baseUrl}/health`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: 'error', database: 'unavailable' });
  });
});
