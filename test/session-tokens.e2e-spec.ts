import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import request from 'supertest';
import {
  CookieJar,
  FakeOidcProvider,
  finishLogin,
  type IdTokenForgery,
  pathOf,
  SESSION_COOKIE,
  signInAtFake,
  startLogin,
  STORE_KINDS,
  storeScratch,
  type StoreKind,
  type StoreScratch,
} from './helpers/session-login';
import { createTestApp, type TestApp } from './helpers/test-app';

/** Apps against the fake provider, closed after each test. */
function appsFor(kind: StoreKind, fake: () => FakeOidcProvider, scratch: () => StoreScratch) {
  const open: TestApp[] = [];
  afterEach(async () => {
    for (const app of open.splice(0)) await app.close();
  });
  return async (env: Record<string, string> = {}): Promise<TestApp> => {
    const app = await createTestApp({ ...fake().env(), ...scratch().env(kind), ...env });
    open.push(app);
    return app;
  };
}

describe.each(STORE_KINDS)('session tokens (%s store)', (kind) => {
  let fake: FakeOidcProvider;
  let scratch: StoreScratch;
  const startApp = appsFor(
    kind,
    () => fake,
    () => scratch,
  );

  beforeAll(async () => {
    fake = await FakeOidcProvider.start();
    scratch = storeScratch();
  });
  afterAll(async () => {
    await fake.close();
    await scratch.dispose();
  });
  beforeEach(() => {
    fake.accessTokenTtlS = 300;
    fake.tokenDelayMs = 0;
    fake.forgery = undefined;
    fake.omitted = [];
    fake.jwksPath = '/keys';
    fake.opaqueAccessTokens = false;
  });

  const json = (app: TestApp, path: string, jar: CookieJar) =>
    request(app.url).get(path).set('Cookie', jar.header()).set('Accept', 'application/json');

  describe('ID token verification', () => {
    const forgeries = {
      'wrong nonce': { claims: { nonce: 'another-nonce' } },
      'no nonce': { claims: { nonce: undefined } },
      'wrong audience': { claims: { aud: ['skc_somebody_else'], azp: 'skc_somebody_else' } },
      'several audiences, azp of another client': {
        claims: { aud: ['skc_900000000000000001', 'skc_2'], azp: 'skc_2' },
      },
      'wrong issuer': { claims: { iss: 'https://evil.example' } },
      'wrong signature': { foreignKey: true },
      expired: {
        claims: {
          exp: Math.floor(Date.now() / 1000) - 600,
          iat: Math.floor(Date.now() / 1000) - 900,
        },
      },
      'no exp': { claims: { exp: undefined } },
    };

    // JSON, to see which check refused it: any 400 would not tell a missing check from another failure.
    const callbackAsJson = async (forgery: IdTokenForgery) => {
      const app = await startApp();
      fake.forgery = forgery;
      const jar = new CookieJar();
      const callback = await fake.authorize(await startLogin(app.url, jar));
      const res = await request(app.url)
        .get(pathOf(callback))
        .set('Cookie', jar.header())
        .set('Accept', 'application/json');
      jar.store(res.headers['set-cookie']);
      return { res, jar };
    };

    it.each(Object.entries(forgeries))('refuses an ID token with %s', async (_name, forgery) => {
      const { res, jar } = await callbackAsJson(forgery);
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('invalid_id_token');
      expect(jar.get(SESSION_COOKIE)).toBeUndefined();
    });

    it('a code exchange answer without id_token: 502 invalid_idp_response, not an outage', async () => {
      fake.omitted = ['id_token'];
      const { res, jar } = await callbackAsJson({});
      expect(res.status).toBe(502);
      expect(res.body.error).toBe('invalid_idp_response');
      expect(res.headers['retry-after']).toBeUndefined();
      expect(jar.get(SESSION_COOKIE)).toBeUndefined();
    });

    it('verifies ID tokens with the one key set of AUTH_JWKS_URI, not a hard-coded /keys', async () => {
      fake.jwksPath = '/.well-known/jwks.json';
      const app = await startApp({ AUTH_JWKS_URI: `${fake.url}/.well-known/jwks.json` });
      const jar = new CookieJar();
      const res = await signInAtFake(app.url, fake, jar);
      expect(res.status).toBe(302);
      expect(res.headers.location).toBe('/dashboard');
      expect((await request(app.url).get('/dashboard').set('Cookie', jar.header())).status).toBe(
        200,
      );
    });

    it('an opaque access token: the log says it is not a JWT, instead of blaming AUTH_AUDIENCE', async () => {
      const warn = jest.spyOn(Logger.prototype, 'warn');
      try {
        fake.opaqueAccessTokens = true;
        const { res, jar } = await callbackAsJson({});
        expect(res.status).toBe(400);
        expect(res.body.error).toBe('invalid_access_token');
        expect(jar.get(SESSION_COOKIE)).toBeUndefined();
        const lines = warn.mock.calls.map((call) => String(call[0]));
        expect(lines).toContainEqual(expect.stringContaining('is not a JWT'));
        expect(lines.filter((line) => line.includes('AUTH_AUDIENCE'))).toEqual([]);
      } finally {
        warn.mockRestore();
      }
    });

    it('refuses an ID token of another subject than the access token', async () => {
      const { res, jar } = await callbackAsJson({ claims: { sub: 'usr_1' } });
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('invalid_access_token');
      expect(jar.get(SESSION_COOKIE)).toBeUndefined();
    });

    it('shows a failed sign-in as a page to a browser', async () => {
      const app = await startApp();
      fake.forgery = { claims: { nonce: 'another-nonce' } };
      const jar = new CookieJar();
      const res = await finishLogin(
        app.url,
        jar,
        await fake.authorize(await startLogin(app.url, jar)),
      );
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.text).toContain('Sign-in failed');
    });

    it('accepts the genuine one (name from given + family name)', async () => {
      const app = await startApp();
      const jar = new CookieJar();
      expect((await signInAtFake(app.url, fake, jar)).headers.location).toBe('/dashboard');
      expect((await request(app.url).get('/dashboard').set('Cookie', jar.header())).text).toContain(
        'Fake User',
      );
    });
  });

  describe('refresh', () => {
    it('refreshes once per session when many requests arrive together', async () => {
      fake.accessTokenTtlS = 30; // under the 60 s leeway: every request wants a refresh
      const app = await startApp();
      const jar = new CookieJar();
      await signInAtFake(app.url, fake, jar);
      fake.tokenDelayMs = 300;
      const before = fake.refreshCalls;
      const answers = await Promise.all(
        Array.from({ length: 8 }, () => json(app, '/sessions', jar)),
      );
      expect(answers.map((a) => a.status)).toEqual(Array(8).fill(200));
      expect(fake.refreshCalls - before).toBe(1);
      // Rotation worked: the next refresh uses the new refresh token and succeeds.
      expect((await json(app, '/sessions', jar)).status).toBe(200);
      expect(fake.refreshCalls - before).toBe(2);
    });

    it('refreshes only when the access token has under 60 s left', async () => {
      fake.accessTokenTtlS = 90;
      const app = await startApp();
      const jar = new CookieJar();
      await signInAtFake(app.url, fake, jar);
      const before = fake.refreshCalls;
      for (let i = 0; i < 3; i++) expect((await json(app, '/sessions', jar)).status).toBe(200);
      expect(fake.refreshCalls - before).toBe(0);

      fake.accessTokenTtlS = 45;
      const soon = new CookieJar();
      await signInAtFake(app.url, fake, soon);
      expect((await json(app, '/sessions', soon)).status).toBe(200);
      expect(fake.refreshCalls - before).toBe(1);
    });

    it('POST /sessions/refresh-token refreshes once under concurrency too', async () => {
      const app = await startApp();
      const jar = new CookieJar();
      await signInAtFake(app.url, fake, jar);
      const csrf = String((await json(app, '/sessions', jar)).body.csrfToken);
      fake.tokenDelayMs = 300;
      const before = fake.refreshCalls;
      const answers = await Promise.all(
        Array.from({ length: 5 }, () =>
          request(app.url)
            .post('/sessions/refresh-token')
            .set('Cookie', jar.header())
            .set('Origin', app.url)
            .set('x-csrf-token', csrf)
            .set('Accept', 'application/json'),
        ),
      );
      expect(answers.map((a) => a.status)).toEqual(Array(5).fill(200));
      expect(answers[0]?.body.refreshed).toBe(true);
      expect(fake.refreshCalls - before).toBe(1);
    });

    it('a refused refresh ends the session (page: redirect to login; JSON: 401)', async () => {
      fake.accessTokenTtlS = 30;
      const app = await startApp();
      const jar = new CookieJar();
      await signInAtFake(app.url, fake, jar);
      fake.revokeRefreshTokens();
      const before = fake.refreshCalls;
      const page = await request(app.url).get('/dashboard').set('Cookie', jar.header());
      expect(page.status).toBe(302);
      expect(page.headers.location).toBe('/login?next=%2Fdashboard');
      expect(String(page.headers['set-cookie'])).toMatch(new RegExp(`^${SESSION_COOKIE}=;`));
      const api = await json(app, '/sessions', jar);
      expect(api.status).toBe(401);
      expect(api.body.error).toBe('missing_credentials');
      // Ended server-side: the second request found no session, so it tried no refresh.
      expect(fake.refreshCalls - before).toBe(1);
    });

    const refreshNow = async (app: TestApp, jar: CookieJar) =>
      request(app.url)
        .post('/sessions/refresh-token')
        .set('Cookie', jar.header())
        .set('Origin', app.url)
        .set('x-csrf-token', String((await json(app, '/sessions', jar)).body.csrfToken))
        .set('Accept', 'application/json');

    it('POST /sessions/refresh-token without a refresh token: 409 no_refresh_token, nothing sent', async () => {
      const app = await startApp();
      const jar = new CookieJar();
      fake.omitted = ['refresh_token'];
      await signInAtFake(app.url, fake, jar);
      expect((await json(app, '/sessions', jar)).body.hasRefreshToken).toBe(false);
      const before = fake.refreshCalls;
      const res = await refreshNow(app, jar);
      expect(res.status).toBe(409);
      expect(res.body.error).toBe('no_refresh_token');
      expect(res.body.refreshed).toBeUndefined();
      expect(fake.refreshCalls - before).toBe(0);
      expect((await json(app, '/sessions', jar)).status).toBe(200);
    });

    it('a refresh answer without refresh_token (RFC 6749 section 6) keeps the old one', async () => {
      const app = await startApp();
      const jar = new CookieJar();
      await signInAtFake(app.url, fake, jar);
      const before = Date.parse(
        String((await json(app, '/sessions', jar)).body.accessTokenExpiresAt),
      );
      fake.omitted = ['refresh_token'];
      fake.accessTokenTtlS = 600;
      const first = await refreshNow(app, jar);
      expect(first.status).toBe(200);
      expect(first.body.refreshed).toBe(true);
      // A new access token, not the old one reported as refreshed.
      expect(Date.parse(String(first.body.accessTokenExpiresAt))).toBeGreaterThan(before + 200_000);
      // The fake never rotated: the session must still hold, and use, the refresh token it had.
      const second = await refreshNow(app, jar);
      expect(second.status).toBe(200);
      expect(fake.refreshCalls).toBeGreaterThanOrEqual(2);
      expect((await json(app, '/sessions', jar)).body.hasRefreshToken).toBe(true);
    });

    it('a refresh answer without access_token: 502 invalid_idp_response, session and token kept', async () => {
      const app = await startApp();
      const jar = new CookieJar();
      await signInAtFake(app.url, fake, jar);
      const before = (await json(app, '/sessions', jar)).body.accessTokenExpiresAt;
      fake.omitted = ['access_token'];
      const res = await refreshNow(app, jar);
      expect(res.status).toBe(502);
      expect(res.body.error).toBe('invalid_idp_response');
      expect(res.headers['retry-after']).toBeUndefined();
      fake.omitted = [];
      const after = await json(app, '/sessions', jar);
      expect(after.status).toBe(200);
      expect(after.body.accessTokenExpiresAt).toBe(before);
      expect((await refreshNow(app, jar)).status).toBe(200);
    });

    if (kind === 'redis') {
      it('two instances sharing Redis refresh a session once', async () => {
        fake.accessTokenTtlS = 30;
        const one = await startApp();
        const two = await startApp();
        const jar = new CookieJar();
        await signInAtFake(one.url, fake, jar);
        fake.tokenDelayMs = 400;
        const before = fake.refreshCalls;
        const answers = await Promise.all(
          Array.from({ length: 6 }, (_v, i) => json(i % 2 === 0 ? one : two, '/sessions', jar)),
        );
        expect(answers.map((a) => a.status)).toEqual(Array(6).fill(200));
        expect(fake.refreshCalls - before).toBe(1);
      });
    }
  });

  describe('timeouts and restarts', () => {
    it('ends a session idle for longer than the idle timeout', async () => {
      const app = await startApp({ SESSION_IDLE_TIMEOUT_S: '1', SESSION_ABSOLUTE_TIMEOUT_S: '60' });
      const jar = new CookieJar();
      await signInAtFake(app.url, fake, jar);
      expect((await json(app, '/sessions', jar)).status).toBe(200);
      await sleep(1_300);
      expect((await json(app, '/sessions', jar)).status).toBe(401);
    });

    it('ends an active session at the absolute timeout', async () => {
      const app = await startApp({ SESSION_IDLE_TIMEOUT_S: '2', SESSION_ABSOLUTE_TIMEOUT_S: '3' });
      const jar = new CookieJar();
      await signInAtFake(app.url, fake, jar);
      for (let i = 0; i < 3; i++) {
        expect((await json(app, '/sessions', jar)).status).toBe(200);
        await sleep(900);
      }
      await sleep(600);
      expect((await json(app, '/sessions', jar)).status).toBe(401);
    });

    it('a session survives a restart of the app', async () => {
      const first = await startApp();
      const jar = new CookieJar();
      await signInAtFake(first.url, fake, jar);
      await first.close();
      const second = await startApp();
      const res = await json(second, '/sessions', jar);
      expect(res.status).toBe(200);
      expect(res.body.userId).toBe('usr_900000000000000001');
    });
  });
});
