import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import type { DevIdpHandle } from '../src/dev-idp/dev-idp';
import { devIdpEnv, signInAtDevIdp, startTestDevIdp } from './helpers/dev-idp';
import { freePort } from './helpers/free-port';
import {
  browserSignedIn,
  csrfTokenOf,
  storeScratch,
  type CookieJar,
  type StoreScratch,
} from './helpers/session-login';
import { createTestApp, type TestApp } from './helpers/test-app';

describe('a restart of the stand-in (npm start again)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'dev-idp-restart-'));
  let scratch: StoreScratch;
  let idp: DevIdpHandle;
  let app: TestApp;
  let idpPort: number;

  const startIdp = (url: string) =>
    startTestDevIdp({
      dataDir,
      port: idpPort,
      appRedirectUris: [`${url}/auth/callback`],
      appPostLogoutRedirectUris: [`${url}/`],
    });

  beforeAll(async () => {
    scratch = storeScratch();
    idpPort = await freePort();
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    idp = await startIdp(url);
    app = await createTestApp({
      PORT: String(port),
      ...devIdpEnv(idp, url),
      ...scratch.env('file'),
    });
  });
  afterAll(async () => {
    await app.close();
    await idp.stop();
    await scratch.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** The app refreshes the session's tokens at the stand-in now (POST /sessions/refresh-token). */
  const refresh = (jar: CookieJar, csrf: string) =>
    request(app.url)
      .post('/sessions/refresh-token')
      .set('Cookie', jar.header())
      .set('Origin', app.url)
      .set('x-csrf-token', csrf)
      .set('Accept', 'application/json');

  it('keeps refresh-token families and its own browser sessions: signed-in browsers stay signed in', async () => {
    const { jar, idpCookie } = await browserSignedIn(app.url, 'admin@acme.test');
    const csrf = await csrfTokenOf(app.url, jar);
    await idp.stop();
    idp = await startIdp(app.url);

    const refreshed = await refresh(jar, csrf);
    expect([refreshed.status, refreshed.body.refreshed]).toEqual([200, true]);

    // Single sign-on at the stand-in still knows the browser: no login page this time.
    const login = await request(app.url).get('/login');
    const again = await signInAtDevIdp(
      String(login.headers.location),
      'admin@acme.test',
      idpCookie,
    );
    expect(again.prompted).toBe(false);
  });

  it('a logout before the restart stays a logout after it', async () => {
    const { jar, idpCookie } = await browserSignedIn(app.url, 'admin@acme.test');
    const csrf = await csrfTokenOf(app.url, jar);
    await fetch(`${idp.url}/oidc/logout`, { headers: { cookie: idpCookie } });
    await idp.stop();
    idp = await startIdp(app.url);
    const refreshed = await refresh(jar, csrf);
    expect(refreshed.status).toBe(401);
  });
});
