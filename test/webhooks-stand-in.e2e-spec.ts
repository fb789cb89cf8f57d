import { EventEmitter2 } from '@nestjs/event-emitter';
import request from 'supertest';
import type { ScalekitEvent, UserSessionEventData } from '../src/webhooks/scalekit-event';
import { loginAtDevIdp } from './helpers/dev-idp';
import {
  browserSignedIn as signedInAt,
  CookieJar,
  finishLogin,
  startLogin,
  csrfTokenOf,
  eventually,
  isSignedIn,
  STORE_KINDS,
  useSessionTestbed,
} from './helpers/session-login';

describe.each(STORE_KINDS)('the stand-in tells the app by webhook (%s store)', (kind) => {
  const testbed = useSessionTestbed(kind);
  const browserSignedIn = (email: string) => signedInAt(testbed().url, email);
  const signedIn = (jar: CookieJar) => isSignedIn(testbed().url, jar);

  /** Another app sign-in from the same browser: single sign-on, so the same stand-in session. */
  const signedInAgainWith = async (idpCookie: string): Promise<CookieJar> => {
    const jar = new CookieJar();
    const authorize = await startLogin(testbed().url, jar);
    await finishLogin(
      testbed().url,
      jar,
      await loginAtDevIdp(authorize, 'admin@acme.test', idpCookie),
    );
    return jar;
  };

  it('signing out at the identity provider ends the sessions opened from that session only', async () => {
    const first = await browserSignedIn('admin@acme.test');
    const sameIdpSession = await signedInAgainWith(first.idpCookie);
    const otherBrowser = await browserSignedIn('admin@acme.test');
    const member = await browserSignedIn('member@acme.test');
    expect(await signedIn(sameIdpSession)).toBe(true);

    const out = await fetch(`${testbed().idp.url}/oidc/logout`, {
      headers: { cookie: first.idpCookie },
    });
    expect(out.status).toBe(200);

    expect(await eventually(async () => !(await signedIn(first.jar)))).toBe(true);
    expect(await eventually(async () => !(await signedIn(sameIdpSession)))).toBe(true);
    // Scalekit's user.logout is about one Scalekit session: the user's other one stays.
    expect(await signedIn(otherBrowser.jar)).toBe(true);
    expect(await signedIn(member.jar)).toBe(true);
  });

  it("sends user.login and user.logout in Scalekit's shape, naming the stand-in session", async () => {
    const emitter = testbed().app.app.get(EventEmitter2);
    const seen: ScalekitEvent<UserSessionEventData>[] = [];
    const listener = (e: ScalekitEvent<UserSessionEventData>) => void seen.push(e);
    emitter.on('scalekit.user.*', listener);
    try {
      const signedInNow = await browserSignedIn('member@acme.test');
      expect(await eventually(() => Promise.resolve(seen.length === 1))).toBe(true);
      await fetch(`${testbed().idp.url}/oidc/logout`, {
        headers: { cookie: signedInNow.idpCookie },
      });
      expect(await eventually(() => Promise.resolve(seen.length === 2))).toBe(true);
      const [login, logout] = seen;
      expect(login).toMatchObject({
        type: 'user.login',
        organizationId: 'org_10000000000000001',
        data: {
          user: { id: 'usr_10000000000000012', email: 'member@acme.test' },
          user_session: { user_id: 'usr_10000000000000012', status: 'active' },
        },
      });
      const sid = login?.data.user_session?.session_id;
      expect(sid).toMatch(/^ses_/);
      expect(logout).toMatchObject({
        type: 'user.logout',
        data: { user_session: { session_id: sid, status: 'logout' } },
      });
    } finally {
      emitter.off('scalekit.user.*', listener);
    }
  });

  it('"Sign out everywhere" on the sessions page ends all of the user\'s sessions (CSRF-checked)', async () => {
    const here = await browserSignedIn('admin@acme.test');
    const elsewhere = await browserSignedIn('admin@acme.test');
    const member = await browserSignedIn('member@acme.test');
    const page = await request(testbed().url).get('/sessions').set('Cookie', here.jar.header());
    expect(page.text).toContain('action="/sessions/end-all"');

    const forged = await request(testbed().url)
      .post('/sessions/end-all')
      .set('Cookie', here.jar.header())
      .set('Origin', testbed().url)
      .type('form')
      .send({});
    expect(forged.status).toBe(403);
    expect(await signedIn(elsewhere.jar)).toBe(true);

    const done = await request(testbed().url)
      .post('/sessions/end-all')
      .set('Cookie', here.jar.header())
      .set('Origin', testbed().url)
      .type('form')
      .send({ _csrf: await csrfTokenOf(testbed().url, here.jar) });
    expect([done.status, done.headers.location]).toEqual([303, '/']);
    expect(String(done.headers['set-cookie'])).toMatch(/app_session=;/);
    expect(await signedIn(here.jar)).toBe(false);
    expect(await signedIn(elsewhere.jar)).toBe(false);
    expect(await signedIn(member.jar)).toBe(true);
  });
});
