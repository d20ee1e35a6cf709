import { AddressInfo } from 'node:net';
import express from 'express';
import { loadConfig } from '../config/hermes-config';
import { SESSION_COOKIE, sessionMiddleware } from './session';

const PRODUCTION = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://hermes@db.example/hermes',
  SIGNING_KEY: 'production-signing-key',
  TC2_API_KEY: 'tc2-key',
  PD_API_KEY: 'pd-key',
  PD_BASE_URL: 'https://acme.pipedrive.com',
  PD_WEBHOOK_USER: 'hermes',
  PD_WEBHOOK_PASSWORD: 'secret',
  G_CLIENT_EMAIL: 'hermes@project.iam.gserviceaccount.com',
  G_PRIVATE_KEY: 'key',
  GOOGLE_OAUTH_CLIENT_ID: 'client',
  GOOGLE_OAUTH_CLIENT_SECRET: 'secret',
  TRUST_PROXY: 'loopback',
};

/** The session cookie's attributes, as set behind a TLS-terminating proxy. */
async function sessionCookie(env: Record<string, string>): Promise<string> {
  const app = express().set('trust proxy', true).use(sessionMiddleware(loadConfig(env)));
  app.get('/', (req, res) => {
    req.session = { adminId: 1 };
    res.end();
  });
  const server = app.listen(0);
  try {
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/`, { headers: { 'x-forwarded-proto': 'https' } });
    return response.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))!.toLowerCase();
  } finally {
    server.close();
  }
}

describe('the session cookie', () => {
  it('is signed, httpOnly, SameSite=Lax, and Secure in production', async () => {
    const cookie = await sessionCookie(PRODUCTION);

    expect(cookie).toContain('httponly');
    expect(cookie).toContain('samesite=lax');
    expect(cookie).toContain('; secure');
  });

  it('is not Secure in development, where Hermes is served over plain HTTP', async () => {
    expect(await sessionCookie({})).not.toContain('; secure');
  });
});
