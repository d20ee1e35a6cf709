import { Request } from 'express';
import { Profile, Strategy as GoogleStrategy } from 'passport-google-oauth20';
import { GoogleSignInSimulator } from './google-sign-in-simulator';
import { GoogleSimAccount } from './google-sim.types';

const REDIRECT_URI = 'http://127.0.0.1:8000/auth/google/callback';
const ADA: GoogleSimAccount = {
  email: 'ada@tutorcruncher.example',
  name: 'Ada Lovelace',
  given_name: 'Ada',
  family_name: 'Lovelace',
  email_verified: true,
  hd: 'tutorcruncher.example',
};
const GRACE: GoogleSimAccount = {
  email: 'grace@gmail.example',
  name: 'Grace Hopper',
  given_name: 'Grace',
  family_name: 'Hopper',
  email_verified: false,
};

describe('GoogleSignInSimulator', () => {
  const sim = new GoogleSignInSimulator({ accounts: [ADA, GRACE], redirectUris: [REDIRECT_URI] });

  /** What the browser does with the authorize URL: the simulator's answer, redirects not followed. */
  function visit(url: string): Promise<Response> {
    return fetch(new URL(url, sim.url), { redirect: 'manual' });
  }

  /** Signs in through the authorize endpoint; returns the redirect's query. */
  async function authorize(params: Parameters<GoogleSignInSimulator['authorizeUrl']>[0]): Promise<URLSearchParams> {
    const response = await visit(sim.authorizeUrl(params));
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
    return location.searchParams;
  }

  function exchange(code: string, overrides: Record<string, string> = {}, headers: Record<string, string> = {}): Promise<Response> {
    const form = {
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT_URI,
      client_id: sim.clientId,
      client_secret: sim.clientSecret,
      ...overrides,
    };
    return fetch(`${sim.url}/token`, { method: 'POST', headers, body: new URLSearchParams(form) });
  }

  async function accessToken(code: string): Promise<string> {
    const response = await exchange(code);
    expect(response.status).toBe(200);
    return ((await response.json()) as { access_token: string }).access_token;
  }

  function userinfo(token: string): Promise<Response> {
    return fetch(`${sim.url}/v1/userinfo`, { headers: { authorization: `Bearer ${token}` } });
  }

  beforeAll(() => sim.start());
  afterAll(() => sim.stop());
  beforeEach(() => sim.reset());

  it('runs the code flow: authorize with login_hint → code → token → userinfo', async () => {
    const query = await authorize({ redirect_uri: REDIRECT_URI, state: 'xyz', login_hint: ADA.email });
    expect(query.get('state')).toBe('xyz');
    const code = query.get('code')!;

    const tokenResponse = await exchange(code);
    const token = (await tokenResponse.json()) as Record<string, unknown>;
    expect(token).toEqual({
      access_token: expect.any(String),
      expires_in: 3599,
      token_type: 'Bearer',
      scope: 'https://www.googleapis.com/auth/userinfo.profile https://www.googleapis.com/auth/userinfo.email',
    });

    const info = await userinfo(token.access_token as string);
    expect(info.status).toBe(200);
    expect(await info.json()).toEqual({
      sub: expect.stringMatching(/^\d{21}$/),
      email: ADA.email,
      email_verified: true,
      name: 'Ada Lovelace',
      given_name: 'Ada',
      family_name: 'Lovelace',
      picture: expect.stringMatching(/^https:\/\//),
      hd: 'tutorcruncher.example',
    });
  });

  it('shows an account chooser whose links sign the chosen account in', async () => {
    const page = await visit(sim.authorizeUrl({ redirect_uri: REDIRECT_URI, state: 's1' }));
    const html = await page.text();

    expect(page.status).toBe(200);
    expect(html).toContain('Ada Lovelace');
    expect(html).toContain('grace@gmail.example');
    const href = /<a href="([^"]+)" data-email="grace@gmail\.example"/.exec(html)![1].replace(/&amp;/g, '&');

    const chosen = await visit(href);
    const location = new URL(chosen.headers.get('location')!);
    expect(location.searchParams.get('state')).toBe('s1');
    const info = (await (await userinfo(await accessToken(location.searchParams.get('code')!))).json()) as Record<string, unknown>;
    expect(info).toMatchObject({ email: 'grace@gmail.example', email_verified: false });
    expect(info.hd).toBeUndefined();
  });

  it('accepts each code once; a replayed code also revokes the token it gave', async () => {
    const code = (await authorize({ redirect_uri: REDIRECT_URI, login_hint: ADA.email })).get('code')!;
    const token = await accessToken(code);

    const replay = await exchange(code);

    expect(replay.status).toBe(400);
    expect(await replay.json()).toMatchObject({ error: 'invalid_grant' });
    expect((await userinfo(token)).status).toBe(401);
  });

  it('refuses an account it does not know', async () => {
    const response = await visit(sim.authorizeUrl({ redirect_uri: REDIRECT_URI, login_hint: 'mallory@example.com' }));

    expect(response.status).toBe(404);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.text()).toContain('find your Google Account');
    expect(sim.state().codes).toEqual([]);
  });

  it('refuses unknown clients, unregistered redirect URIs and wrong client secrets', async () => {
    const unknownClient = await visit(sim.authorizeUrl({ redirect_uri: REDIRECT_URI, login_hint: ADA.email, client_id: 'other' }));
    const unregistered = await visit(sim.authorizeUrl({ redirect_uri: 'http://evil.example/cb', login_hint: ADA.email }));
    const code = (await authorize({ redirect_uri: REDIRECT_URI, login_hint: ADA.email })).get('code')!;
    const wrongSecret = await exchange(code, { client_secret: 'guess' });
    const wrongRedirect = await exchange(code, { redirect_uri: 'http://127.0.0.1:8000/elsewhere' });

    expect([unknownClient.status, unregistered.status]).toEqual([401, 400]);
    expect(await unregistered.text()).toContain('redirect_uri_mismatch');
    expect([wrongSecret.status, wrongRedirect.status]).toEqual([401, 400]);
    expect(await wrongSecret.json()).toMatchObject({ error: 'invalid_client' });
    // Failed exchanges do not use the code up.
    expect((await exchange(code)).status).toBe(200);
  });

  it('accepts client credentials as HTTP Basic auth', async () => {
    const code = (await authorize({ redirect_uri: REDIRECT_URI, login_hint: ADA.email })).get('code')!;
    const basic = Buffer.from(`${sim.clientId}:${sim.clientSecret}`).toString('base64');

    const response = await exchange(code, { client_id: '', client_secret: '' }, { authorization: `Basic ${basic}` });

    expect(response.status).toBe(200);
  });

  it('sends the user back with access_denied when they cancel', async () => {
    const page = await (await visit(sim.authorizeUrl({ redirect_uri: REDIRECT_URI, state: 's2' }))).text();
    const cancel = /<a href="([^"]+)" id="cancel">/.exec(page)![1].replace(/&amp;/g, '&');

    const location = new URL((await visit(cancel)).headers.get('location')!);

    expect(Object.fromEntries(location.searchParams)).toEqual({ error: 'access_denied', state: 's2' });
  });

  it('answers userinfo with only what the scopes allow', async () => {
    const code = (await authorize({ redirect_uri: REDIRECT_URI, login_hint: ADA.email, scope: 'email' })).get('code')!;

    const info = await (await userinfo(await accessToken(code))).json();

    expect(info).toEqual({ sub: expect.any(String), email: ADA.email, email_verified: true, hd: 'tutorcruncher.example' });
  });

  it('signs in with passport-google-oauth20 pointed at its URLs', async () => {
    const strategy = new GoogleStrategy(
      {
        clientID: sim.clientId,
        clientSecret: sim.clientSecret,
        callbackURL: REDIRECT_URI,
        authorizationURL: `${sim.url}/o/oauth2/v2/auth`,
        tokenURL: `${sim.url}/token`,
        userProfileURL: `${sim.url}/v1/userinfo`,
      },
      (_accessToken: string, _refreshToken: string, profile: Profile, done: (error: unknown, user?: Profile) => void) => done(null, profile),
    );

    const start = await runStrategy(strategy, { query: {} }, { scope: ['profile', 'email'], loginHint: ADA.email });
    const callback = new URL((await visit(start.redirect!)).headers.get('location')!);
    const finish = await runStrategy(strategy, { query: Object.fromEntries(callback.searchParams) }, {});

    expect(finish.error).toBeUndefined();
    expect(finish.user).toMatchObject({
      provider: 'google',
      displayName: 'Ada Lovelace',
      name: { givenName: 'Ada', familyName: 'Lovelace' },
      emails: [{ value: ADA.email, verified: true }],
    });
  });
});

interface StrategyOutcome {
  redirect?: string;
  user?: unknown;
  failure?: unknown;
  error?: unknown;
}

/** Runs one passport `authenticate` step outside express, as passport's own tests do. */
function runStrategy(strategy: GoogleStrategy, req: Partial<Request>, options: object): Promise<StrategyOutcome> {
  return new Promise((resolve) => {
    const step = Object.create(strategy) as GoogleStrategy & {
      redirect(url: string): void;
      success(user: unknown): void;
      fail(failure: unknown): void;
      error(error: unknown): void;
    };
    step.redirect = (url) => resolve({ redirect: url });
    step.success = (user) => resolve({ user });
    step.fail = (failure) => resolve({ failure });
    step.error = (error) => resolve({ error });
    step.authenticate({ headers: {}, ...req } as Request, options);
  });
}
