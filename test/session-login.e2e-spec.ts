import request from 'supertest';
import { loginAtDevIdp } from './helpers/dev-idp';
import {
  CookieJar,
  csrfTokenOf,
  finishLogin,
  LOGIN_COOKIE,
  SESSION_COOKIE,
  signIn,
  startLogin,
  startSessionTestbed,
  STORE_KINDS,
  storeScratch,
  type SessionTestbed,
  type StoreScratch,
} from './helpers/session-login';
import { createTestApp } from './helpers/test-app';
import { appEnv, TestIssuer } from './helpers/test-issuer';

const ADMIN = 'admin@acme.test';
const MEMBER = 'member@acme.test';

describe.each(STORE_KINDS)('browser login (%s store)', (kind) => {
  let scratch: StoreScratch;
  let bed: SessionTestbed;
  let url: string;

  beforeAll(async () => {
    scratch = storeScratch();
    bed = await startSessionTestbed(kind, scratch, { SESSION_RATE_LIMIT: '1000' });
    url = bed.url;
  });

  afterAll(async () => {
    await bed.close();
    await scratch.dispose();
  });

  const get = (path: string, jar?: CookieJar) =>
    request(url)
      .get(path)
      .set('Cookie', jar?.header() ?? '');

  describe('sign-in', () => {
    it('signs the admin in: cookie flags, dashboard content, no-store', async () => {
      const jar = new CookieJar();
      const done = await signIn(url, ADMIN, jar);
      expect(done.status).toBe(302);
      expect(done.headers.location).toBe('/dashboard');
      const cookie = (done.headers['set-cookie'] as unknown as string[]).find((c) =>
        c.startsWith(`${SESSION_COOKIE}=`),
      );
      expect(cookie).toMatch(/; HttpOnly/);
      expect(cookie).toMatch(/; SameSite=Lax/);
      expect(cookie).toMatch(/; Path=\//);
      expect(cookie).not.toMatch(/Secure|Domain/);

      const dashboard = await get('/dashboard', jar);
      expect(dashboard.status).toBe(200);
      expect(dashboard.headers['cache-control']).toBe('no-store');
      expect(dashboard.text).toContain('Ada Admin');
      expect(dashboard.text).toContain('admin@acme.test');
      expect(dashboard.text).toMatch(/org_\d+/);
      expect(dashboard.text).toContain('organization:settings');
      expect(dashboard.text).toContain('<code>admin</code>');

      expect((await get('/', jar)).headers.location).toBe('/dashboard');
      expect((await get('/organization/settings', jar)).status).toBe(200);
    });

    it('/login stores an attempt and redirects with state, nonce, PKCE S256 and the scopes', async () => {
      const location = new URL(await startLogin(url, new CookieJar()));
      expect(location.origin).toBe(bed.idp.url);
      expect(location.pathname).toBe('/oauth/authorize');
      const q = location.searchParams;
      expect(q.get('scope')).toBe('openid profile email offline_access');
      expect(q.get('code_challenge_method')).toBe('S256');
      expect(q.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(q.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(q.get('nonce')).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(q.get('redirect_uri')).toBe(`${url}/auth/callback`);
    });

    it('two tabs can sign in at the same time', async () => {
      const jar = new CookieJar();
      const first = await startLogin(url, jar, '/sessions');
      const second = await startLogin(url, jar, '/organization/settings');
      const secondDone = await finishLogin(url, jar, await loginAtDevIdp(second, ADMIN));
      const firstDone = await finishLogin(url, jar, await loginAtDevIdp(first, ADMIN));
      expect(secondDone.headers.location).toBe('/organization/settings');
      expect(firstDone.headers.location).toBe('/sessions');
      expect((await get('/dashboard', jar)).status).toBe(200);
    });

    it('a page without a session redirects to /login?next=; JSON gets 401 JSON', async () => {
      const page = await get('/organization/settings?tab=a');
      expect(page.status).toBe(302);
      expect(page.headers.location).toBe(
        `/login?next=${encodeURIComponent('/organization/settings?tab=a')}`,
      );
      const api = await request(url).get('/dashboard').set('Accept', 'application/json');
      expect(api.status).toBe(401);
      expect(api.body).toMatchObject({ error: 'missing_credentials' });
      expect(typeof api.body.requestId).toBe('string');
      expect((await get('/')).status).toBe(200);
    });

    it('the member gets the 403 page on /organization/settings, 403 JSON when asking for JSON', async () => {
      const jar = new CookieJar();
      await signIn(url, MEMBER, jar);
      const page = await get('/organization/settings', jar);
      expect(page.status).toBe(403);
      expect(page.headers['content-type']).toMatch(/text\/html/);
      expect(page.text).toContain('Access denied');
      const json = await get('/organization/settings', jar).set('Accept', 'application/json');
      expect(json.status).toBe(403);
      expect(json.body.error).toBe('insufficient_permission');
    });

    it('a session satisfies the same guard as a bearer token (via: session)', async () => {
      const jar = new CookieJar();
      await signIn(url, ADMIN, jar);
      const me = await get('/api/me', jar);
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ via: 'session', kind: 'user' });
      expect(me.body.permissions).toContain('organization:settings');
      expect((await get('/api/organization/settings', jar)).status).toBe(200);
    });
  });

  describe('callback checks', () => {
    it('refuses a missing or unknown state', async () => {
      const jar = new CookieJar();
      const callback = new URL(await loginAtDevIdp(await startLogin(url, jar), ADMIN));
      const code = callback.searchParams.get('code') ?? '';
      const missing = await get(`/auth/callback?code=${code}`, jar);
      expect(missing.status).toBe(400);
      expect(missing.text).toContain('invalid, expired or was already used');
      const unknown = await get(`/auth/callback?code=${code}&state=${'A'.repeat(43)}`, jar);
      expect(unknown.status).toBe(400);
      expect(unknown.headers['set-cookie']).toBeUndefined();
      const json = await get(`/auth/callback?code=${code}&state=x`, jar).set(
        'Accept',
        'application/json',
      );
      expect(json.body.error).toBe('invalid_state');
    });

    it('a state works once: replaying the callback is refused', async () => {
      const jar = new CookieJar();
      const callback = await loginAtDevIdp(await startLogin(url, jar), ADMIN);
      expect((await finishLogin(url, jar, callback)).status).toBe(302);
      const replay = await finishLogin(url, jar, callback);
      expect(replay.status).toBe(400);
      expect(replay.headers['set-cookie']).toBeUndefined();
    });

    it('refuses a callback in a browser other than the one that started the login (login CSRF)', async () => {
      const attacker = new CookieJar();
      const callback = await loginAtDevIdp(await startLogin(url, attacker), ADMIN);
      const victim = new CookieJar();
      await startLogin(url, victim);
      const res = await finishLogin(url, victim, callback);
      expect(res.status).toBe(400);
      expect(victim.get(SESSION_COOKIE)).toBeUndefined();
    });

    it('shows the IdP error escaped, and the state is used up', async () => {
      const jar = new CookieJar();
      const state = new URL(await startLogin(url, jar)).searchParams.get('state') ?? '';
      const description = '<script>alert(1)</script>';
      const path = `/auth/callback?state=${state}&error=access_denied&error_description=${encodeURIComponent(description)}`;
      const res = await get(path, jar);
      expect(res.status).toBe(400);
      expect(res.text).toContain('access_denied');
      expect(res.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(res.text).not.toContain(description);
      expect((await get(path, jar)).text).toContain('invalid, expired or was already used');
    });

    it('refuses a replayed authorization code', async () => {
      const jar = new CookieJar();
      const first = new URL(await loginAtDevIdp(await startLogin(url, jar), ADMIN));
      expect((await finishLogin(url, jar, first.toString())).status).toBe(302);
      const state = new URL(await startLogin(url, jar)).searchParams.get('state') ?? '';
      const replay = await get(
        `/auth/callback?code=${first.searchParams.get('code')}&state=${state}`,
        jar,
      ).set('Accept', 'application/json');
      expect(replay.status).toBe(400);
      expect(replay.body.error).toBe('invalid_grant');
    });
  });

  describe('redirect after sign-in', () => {
    // As the server receives them (after the query string is decoded once).
    const refused = [
      '//evil.example',
      '/\\evil.example',
      '\\/evil.example',
      'https://evil.example',
      'http:evil.example',
      '%2F%2Fevil.example',
      '%2f%5Cevil.example',
      '/%2F%2Fevil.example',
      '/%5Cevil.example',
      '/%2f%5cevil.example',
      '/%252F%252Fevil.example',
      '/%09/evil.example',
      '/\t/evil.example',
      '/\n/evil.example',
      '/\r\n/evil.example',
      '\t//evil.example',
      ' //evil.example',
      'javascript:alert(1)',
      '/logout',
    ];

    it.each(refused)('refuses next=%j (lands on /dashboard)', async (next) => {
      const done = await signIn(url, ADMIN, new CookieJar(), next);
      expect(done.headers.location).toBe('/dashboard');
    });

    it('keeps a same-site path with its query', async () => {
      const done = await signIn(
        url,
        ADMIN,
        new CookieJar(),
        '/organization/settings?tab=members#top',
      );
      expect(done.headers.location).toBe('/organization/settings?tab=members#top');
    });
  });

  describe('session fixation', () => {
    it('a session id planted before sign-in is not the one after it, and is ended', async () => {
      const attacker = new CookieJar();
      await signIn(url, MEMBER, attacker);
      const planted = attacker.get(SESSION_COOKIE) ?? '';
      const victim = new CookieJar().set(SESSION_COOKIE, planted);
      await signIn(url, ADMIN, victim);
      expect(victim.get(SESSION_COOKIE)).not.toBe(planted);
      expect((await get('/dashboard', victim)).text).toContain('Ada Admin');
      expect((await get('/dashboard', attacker)).status).toBe(302);
    });
  });

  describe('logout and CSRF', () => {
    let jar: CookieJar;
    let csrf: string;

    beforeEach(async () => {
      jar = new CookieJar();
      await signIn(url, ADMIN, jar);
      csrf = await csrfTokenOf(url, jar);
    });

    const stillSignedIn = async () => expect((await get('/dashboard', jar)).status).toBe(200);

    it('GET /logout shows a button and does not sign out', async () => {
      const page = await get('/logout', jar);
      expect(page.status).toBe(200);
      expect(page.text).toContain('<form method="post" action="/logout">');
      expect(page.text).toContain(`name="_csrf" value="${csrf}"`);
      await stillSignedIn();
    });

    it('a cross-site POST /logout is refused, even with the token', async () => {
      const post = (headers: Record<string, string>, body: string) =>
        request(url)
          .post('/logout')
          .set('Cookie', jar.header())
          .set(headers)
          .type('form')
          .send(body);
      const evil = await post({ Origin: 'https://evil.example' }, `_csrf=${csrf}`);
      expect(evil.status).toBe(403);
      expect(evil.headers['set-cookie']).toBeUndefined();
      expect((await post({ 'Sec-Fetch-Site': 'cross-site' }, `_csrf=${csrf}`)).status).toBe(403);
      expect((await post({ Origin: url }, '')).status).toBe(403);
      expect((await post({ Origin: url }, '_csrf=wrong')).status).toBe(403);
      await stillSignedIn();
    });

    it('a cross-site POST /logout without the session cookie (as SameSite=Lax sends it) changes nothing', async () => {
      // The browser drops our Lax cookie on a cross-site form post; the answer must not clear it.
      for (const headers of [
        { Origin: 'https://evil.example' },
        { 'Sec-Fetch-Site': 'cross-site' },
        { Origin: 'null', 'Sec-Fetch-Site': 'cross-site' },
      ]) {
        const res = await request(url).post('/logout').set(headers).type('form').send('');
        expect(res.status).toBe(403);
        expect(res.headers['set-cookie']).toBeUndefined();
      }
      await stillSignedIn();
    });

    it('a session POST with neither Origin nor Sec-Fetch-Site is refused, token or not (docs/session.md)', async () => {
      const res = await request(url)
        .post('/logout')
        .set('Cookie', jar.header())
        .type('form')
        .send(`_csrf=${csrf}`);
      expect(res.status).toBe(403);
      expect(res.headers['set-cookie']).toBeUndefined();
      const api = await request(url)
        .post('/sessions/refresh-token')
        .set('Cookie', jar.header())
        .set('Accept', 'application/json')
        .set('x-csrf-token', csrf);
      expect(api.status).toBe(403);
      expect(api.body.error).toBe('csrf_failed');
      await stillSignedIn();
    });

    it('a same-origin POST /logout without a session still clears the cookie', async () => {
      const res = await request(url).post('/logout').set('Origin', url).type('form').send('');
      expect(res.status).toBe(303);
      expect(String(res.headers['set-cookie'])).toMatch(new RegExp(`${SESSION_COOKIE}=;`));
    });

    it('POST /logout with the token ends the session and goes to the IdP logout', async () => {
      const oldCookie = jar.header();
      const res = await request(url)
        .post('/logout')
        .set('Cookie', oldCookie)
        .set('Origin', url)
        .type('form')
        .send(`_csrf=${csrf}`);
      expect(res.status).toBe(303);
      const location = new URL(String(res.headers.location));
      expect(`${location.origin}${location.pathname}`).toBe(`${bed.idp.url}/oidc/logout`);
      expect(location.searchParams.get('id_token_hint')).toMatch(/^ey/);
      expect(location.searchParams.get('post_logout_redirect_uri')).toBe(`${url}/`);
      expect(String(res.headers['set-cookie'])).toMatch(new RegExp(`${SESSION_COOKIE}=;`));
      const reused = await request(url)
        .get('/sessions')
        .set('Cookie', oldCookie)
        .set('Accept', 'application/json');
      expect(reused.status).toBe(401);
    });

    it('unsafe API calls need the token: header or form field (the admin API too)', async () => {
      const validate = () =>
        request(url)
          .post('/sessions/validate-token')
          .set('Cookie', jar.header())
          .set('Origin', url)
          .set('Accept', 'application/json');
      const refused = await validate();
      expect(refused.status).toBe(403);
      expect(refused.body.error).toBe('csrf_failed');
      const ok = await validate().set('x-csrf-token', csrf);
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ valid: true });
      const admin = await request(url)
        .post(`/api/admin/organizations/${bed.idp.organizations[0]?.id ?? ''}/clients`)
        .set('Cookie', jar.header())
        .set('Origin', url)
        .send({ name: 'x', scopes: ['a'] });
      expect(admin.status).toBe(403);
      expect(admin.body.error).toBe('csrf_failed');
    });
  });
});

describe('rate limits, production cookies, no Scalekit', () => {
  let scratch: StoreScratch;
  beforeAll(() => {
    scratch = storeScratch();
  });
  afterAll(() => scratch.dispose());

  it.each(STORE_KINDS)('limits /login per client (%s store)', async (kind) => {
    const bed = await startSessionTestbed(kind, scratch, {
      SESSION_RATE_LIMIT: '3',
      SESSION_RATE_WINDOW_S: '60',
    });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await request(bed.url).get('/login')).status);
      expect(statuses).toEqual([302, 302, 302, 429]);
      expect((await request(bed.url).get('/auth/callback?state=x')).status).toBe(400);
    } finally {
      await bed.close();
    }
  });

  it.each(STORE_KINDS)('limits /auth/callback per client (%s store)', async (kind) => {
    // A prefix of its own: the /login test above left counters in the shared Redis.
    const bed = await startSessionTestbed(kind, scratch, {
      SESSION_RATE_LIMIT: '3',
      SESSION_RATE_WINDOW_S: '60',
      ...(kind === 'redis' && { REDIS_KEY_PREFIX: `${scratch.prefix}callback:` }),
    });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++)
        statuses.push((await request(bed.url).get('/auth/callback?state=x&code=y')).status);
      expect(statuses).toEqual([400, 400, 400, 429]);
    } finally {
      await bed.close();
    }
  });

  it('counts per client behind a trusted proxy (TRUST_PROXY), ignores X-Forwarded-For otherwise', async () => {
    const limited = { SESSION_RATE_LIMIT: '2', SESSION_RATE_WINDOW_S: '60' };
    const from = (bed: SessionTestbed, ip: string) =>
      request(bed.url).get('/login').set('X-Forwarded-For', ip);
    const proxied = await startSessionTestbed('file', scratch, { ...limited, TRUST_PROXY: '1' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await from(proxied, '203.0.113.1')).status);
      expect(statuses).toEqual([302, 302, 429]);
      expect((await from(proxied, '203.0.113.2')).status).toBe(302);
    } finally {
      await proxied.close();
    }
    const direct = await startSessionTestbed('file', scratch, limited);
    try {
      expect((await from(direct, '203.0.113.1')).status).toBe(302);
      expect((await from(direct, '203.0.113.2')).status).toBe(302);
      // A spoofed header does not buy a new budget when no proxy is trusted.
      expect((await from(direct, '203.0.113.3')).status).toBe(429);
    } finally {
      await direct.close();
    }
  });

  it('behind one proxy (TRUST_PROXY=1) a client cannot buy a new budget with its own X-Forwarded-For', async () => {
    // The proxy appends the address it saw; whatever the client wrote comes before it.
    const limited = { SESSION_RATE_LIMIT: '2', SESSION_RATE_WINDOW_S: '60' };
    const bed = await startSessionTestbed('file', scratch, { ...limited, TRUST_PROXY: '1' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const res = await request(bed.url)
          .get('/login')
          .set('X-Forwarded-For', `198.51.100.${i}, 203.0.113.9`);
        statuses.push(res.status);
      }
      expect(statuses).toEqual([302, 302, 429, 429]);
    } finally {
      await bed.close();
    }
    // A list of proxy addresses: the test client (127.0.0.1) is the trusted proxy.
    const listed = await startSessionTestbed('file', scratch, {
      ...limited,
      TRUST_PROXY: '127.0.0.1/32, ::1',
    });
    try {
      const from = (ip: string) => request(listed.url).get('/login').set('X-Forwarded-For', ip);
      expect([(await from('203.0.113.1')).status, (await from('203.0.113.1')).status]).toEqual([
        302, 302,
      ]);
      expect((await from('203.0.113.1')).status).toBe(429);
      expect((await from('203.0.113.2')).status).toBe(302);
    } finally {
      await listed.close();
    }
  });

  it('without Scalekit: /login answers 503 login_not_configured, the home page still works', async () => {
    const issuer = await TestIssuer.start();
    const app = await createTestApp({ ...appEnv(issuer), ...scratch.env('file') });
    try {
      const login = await request(app.url).get('/login').set('Accept', 'application/json');
      expect(login.status).toBe(503);
      expect(login.body.error).toBe('login_not_configured');
      expect(login.headers.location).toBeUndefined();
      expect((await request(app.url).get('/login')).text).toContain('not configured');
      expect((await request(app.url).get('/')).status).toBe(200);
    } finally {
      await app.close();
      await issuer.close();
    }
  });

  it('in production: __Host- cookies, Secure, HttpOnly, SameSite=Lax, Path=/, no Domain', async () => {
    const publicUrl = 'https://app.example';
    const bed = await startSessionTestbed(
      'file',
      scratch,
      { NODE_ENV: 'production', PUBLIC_BASE_URL: publicUrl, TRUST_PROXY: '1' },
      {
        appRedirectUris: [`${publicUrl}/auth/callback`],
        appPostLogoutRedirectUris: [`${publicUrl}/`],
      },
    );
    try {
      const jar = new CookieJar();
      const done = await signIn(bed.url, ADMIN, jar);
      const cookies = done.headers['set-cookie'] as unknown as string[];
      const session = cookies.find((c) => c.startsWith(`__Host-${SESSION_COOKIE}=`));
      expect(session).toMatch(/; Path=\/; .*HttpOnly; Secure; SameSite=Lax$/);
      expect(session).not.toMatch(/Domain/);
      expect(jar.get(`__Host-${LOGIN_COOKIE}`)).toBeDefined();
      expect(jar.get(SESSION_COOKIE)).toBeUndefined();
      const dashboard = await request(bed.url)
        .get('/dashboard')
        .set('Cookie', jar.header())
        .set('X-Forwarded-Proto', 'https');
      expect(dashboard.status).toBe(200);
      // Clearing a __Host- cookie needs the same Secure and Path=/, or the browser keeps it.
      const logout = await request(bed.url)
        .post('/logout')
        .set('Cookie', jar.header())
        .set('Origin', publicUrl)
        .set('X-Forwarded-Proto', 'https')
        .type('form')
        .send(`_csrf=${await csrfTokenOf(bed.url, jar)}`);
      expect(logout.status).toBe(303);
      const cleared = (logout.headers['set-cookie'] as unknown as string[]).find((c) =>
        c.startsWith(`__Host-${SESSION_COOKIE}=;`),
      );
      expect(cleared).toMatch(
        /; Path=\/; Expires=Thu, 01 Jan 1970 [^;]*; HttpOnly; Secure; SameSite=Lax$/,
      );
    } finally {
      await bed.close();
    }
  });
});
