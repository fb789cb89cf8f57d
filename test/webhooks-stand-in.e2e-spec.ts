import request from 'supertest';
import {
  browserSignedIn as signedInAt,
  csrfTokenOf,
  eventually,
  isSignedIn,
  STORE_KINDS,
  useSessionTestbed,
  type CookieJar,
} from './helpers/session-login';

describe.each(STORE_KINDS)('the stand-in tells the app by webhook (%s store)', (kind) => {
  const testbed = useSessionTestbed(kind);
  const browserSignedIn = (email: string) => signedInAt(testbed().url, email);
  const signedIn = (jar: CookieJar) => isSignedIn(testbed().url, jar);

  it("signing out at the identity provider ends the user's sessions in every browser", async () => {
    const first = await browserSignedIn('admin@acme.test');
    const second = await browserSignedIn('admin@acme.test');
    const member = await browserSignedIn('member@acme.test');
    expect(await signedIn(second.jar)).toBe(true);

    const out = await fetch(`${testbed().idp.url}/oidc/logout`, {
      headers: { cookie: first.idpCookie },
    });
    expect(out.status).toBe(200);

    expect(await eventually(async () => !(await signedIn(first.jar)))).toBe(true);
    expect(await eventually(async () => !(await signedIn(second.jar)))).toBe(true);
    expect(await signedIn(member.jar)).toBe(true);
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
