import { setTimeout as sleep } from 'node:timers/promises';
import request from 'supertest';
import { signInAtDevIdp } from './helpers/dev-idp';
import {
  CookieJar,
  csrfTokenOf,
  finishLogin,
  startLogin,
  startSessionTestbed,
  STORE_KINDS,
  storeScratch,
  type SessionTestbed,
  type StoreScratch,
} from './helpers/session-login';

describe.each(STORE_KINDS)('the stand-in tells the app by webhook (%s store)', (kind) => {
  let scratch: StoreScratch;
  let bed: SessionTestbed;

  beforeAll(async () => {
    scratch = storeScratch();
    bed = await startSessionTestbed(kind, scratch, { SESSION_RATE_LIMIT: '1000' });
  });
  afterAll(async () => {
    await bed.close();
    await scratch.dispose();
  });

  /** Signs in at the app in a fresh browser; returns its app cookies and its stand-in cookie. */
  async function browserSignedIn(email: string): Promise<{ jar: CookieJar; idpCookie: string }> {
    const jar = new CookieJar();
    const authorize = await startLogin(bed.url, jar);
    const { location, sessionCookie } = await signInAtDevIdp(authorize, email);
    await finishLogin(bed.url, jar, location);
    return { jar, idpCookie: sessionCookie ?? '' };
  }

  const signedIn = async (jar: CookieJar) =>
    (await request(bed.url).get('/dashboard').set('Cookie', jar.header())).status === 200;

  /** Webhooks are delivered after the stand-in answers: wait for the app to have ended it. */
  async function eventually(check: () => Promise<boolean>): Promise<boolean> {
    for (let i = 0; i < 50; i++) {
      if (await check()) return true;
      await sleep(20);
    }
    return false;
  }

  it("signing out at the identity provider ends the user's sessions in every browser", async () => {
    const first = await browserSignedIn('admin@acme.test');
    const second = await browserSignedIn('admin@acme.test');
    const member = await browserSignedIn('member@acme.test');
    expect(await signedIn(second.jar)).toBe(true);

    const out = await fetch(`${bed.idp.url}/oidc/logout`, { headers: { cookie: first.idpCookie } });
    expect(out.status).toBe(200);

    expect(await eventually(async () => !(await signedIn(first.jar)))).toBe(true);
    expect(await eventually(async () => !(await signedIn(second.jar)))).toBe(true);
    expect(await signedIn(member.jar)).toBe(true);
  });

  it('"Sign out everywhere" on the sessions page ends all of the user\'s sessions (CSRF-checked)', async () => {
    const here = await browserSignedIn('admin@acme.test');
    const elsewhere = await browserSignedIn('admin@acme.test');
    const member = await browserSignedIn('member@acme.test');
    const page = await request(bed.url).get('/sessions').set('Cookie', here.jar.header());
    expect(page.text).toContain('action="/sessions/end-all"');

    const forged = await request(bed.url)
      .post('/sessions/end-all')
      .set('Cookie', here.jar.header())
      .set('Origin', bed.url)
      .type('form')
      .send({});
    expect(forged.status).toBe(403);
    expect(await signedIn(elsewhere.jar)).toBe(true);

    const done = await request(bed.url)
      .post('/sessions/end-all')
      .set('Cookie', here.jar.header())
      .set('Origin', bed.url)
      .type('form')
      .send({ _csrf: await csrfTokenOf(bed.url, here.jar) });
    expect([done.status, done.headers.location]).toEqual([303, '/']);
    expect(String(done.headers['set-cookie'])).toMatch(/app_session=;/);
    expect(await signedIn(here.jar)).toBe(false);
    expect(await signedIn(elsewhere.jar)).toBe(false);
    expect(await signedIn(member.jar)).toBe(true);
  });
});
