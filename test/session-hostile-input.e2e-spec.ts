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

/** Node refuses request heads over 16 KiB with 431 before the app sees them. */
const OVER_HEADER_LIMIT = 20_000;

/** Whatever a hostile request gets, it is a clear 4xx or a redirect: never a 500, never a hang. */
function expectHandled(res: request.Response): void {
  expect(res.status).toBeGreaterThanOrEqual(300);
  expect(res.status).toBeLessThan(500);
}

describe.each(STORE_KINDS)('hostile input on the session routes (%s store)', (kind) => {
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

  describe('session cookie', () => {
    const garbage: [string, string][] = [
      ['malformed percent-encoding', `${SESSION_COOKIE}=%E0%A4%A`],
      ['an 8 KB value', `${SESSION_COOKIE}=${'a'.repeat(8_000)}`],
      ['the right shape, unknown', `${SESSION_COOKIE}=${'A'.repeat(43)}`],
      ['no value', `${SESSION_COOKIE}`],
      ['unicode', `${SESSION_COOKIE}=${encodeURIComponent('ü'.repeat(43))}`],
      ['hundreds of cookies', Array.from({ length: 300 }, (_v, i) => `c${i}=x`).join('; ')],
    ];

    it.each(garbage)('%s: page redirects to /login, JSON gets 401', async (_name, cookie) => {
      const page = await request(url).get('/dashboard').set('Cookie', cookie);
      expect(page.status).toBe(302);
      expect(page.headers.location).toBe('/login?next=%2Fdashboard');
      const api = await request(url)
        .get('/sessions')
        .set('Cookie', cookie)
        .set('Accept', 'application/json');
      expect(api.status).toBe(401);
      expect(api.body.error).toBe('missing_credentials');
      expectHandled(await request(url).get('/login').set('Cookie', cookie));
      expectHandled(await request(url).post('/logout').set('Cookie', cookie));
    });

    it('an oversized Cookie header is refused with 431', async () => {
      const res = await request(url)
        .get('/dashboard')
        .set('Cookie', `${SESSION_COOKIE}=${'a'.repeat(OVER_HEADER_LIMIT)}`);
      expect(res.status).toBe(431);
    });

    it('a garbage login cookie is replaced, not trusted', async () => {
      const res = await request(url).get('/login').set('Cookie', `${LOGIN_COOKIE}=%%%`);
      expect(res.status).toBe(302);
      expect(String(res.headers['set-cookie'])).toMatch(
        new RegExp(`${LOGIN_COOKIE}=[A-Za-z0-9_-]{43};`),
      );
    });
  });

  describe('/auth/callback query', () => {
    const callback = (query: string, jar: CookieJar) =>
      request(url)
        .get(`/auth/callback?${query}`)
        .set('Cookie', jar.header())
        .set('Accept', 'application/json');

    async function started(): Promise<{ jar: CookieJar; state: string }> {
      const jar = new CookieJar();
      const state = new URL(await startLogin(url, jar)).searchParams.get('state') ?? '';
      return { jar, state };
    }

    it.each([
      ['duplicated state', (s: string) => `state=${s}&state=${s}&code=x`],
      ['state as an array', (s: string) => `state[]=${s}&code=x`],
      ['state as an object', (s: string) => `state[a]=${s}&code=x`],
      ['malformed percent-encoding', () => `state=%E0%A4%A&code=%ZZ`],
      ['a 10 KB state', () => `state=${'a'.repeat(10_000)}&code=x`],
      ['a unicode state', () => `state=${encodeURIComponent('ü'.repeat(43))}&code=x`],
    ])('%s: 400 invalid_state', async (_name, query) => {
      const { jar, state } = await started();
      const res = await callback(query(state), jar);
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('invalid_state');
    });

    it('a duplicated code: 400, and no session', async () => {
      const { jar, state } = await started();
      const res = await callback(`state=${state}&code=a&code=b`, jar);
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('missing_code');
      expect(jar.store(res.headers['set-cookie']).get(SESSION_COOKIE)).toBeUndefined();
    });

    it('a duplicated or oversized error: 400, description cut short', async () => {
      const first = await started();
      expectHandled(await callback(`state=${first.state}&error=a&error=b`, first.jar));
      const second = await started();
      const res = await callback(
        `state=${second.state}&error=access_denied&error_description=${'x'.repeat(5_000)}`,
        second.jar,
      );
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('login_refused');
      expect(String(res.body.message).length).toBeLessThan(400);
    });

    it('a malformed path is a 400, not a 500', async () => {
      expectHandled(await request(url).get('/auth/callback%'));
    });
  });

  describe('/login next', () => {
    /** Signs in through `/login?<query>` and returns where the app sends the browser after. */
    async function landing(query: string): Promise<string> {
      const jar = new CookieJar();
      const res = await request(url).get(`/login?${query}`);
      expect(res.status).toBe(302);
      jar.store(res.headers['set-cookie']);
      const done = await finishLogin(
        url,
        jar,
        await loginAtDevIdp(String(res.headers.location), 'admin@acme.test'),
      );
      return String(done.headers.location);
    }

    it.each([
      ['duplicated', 'next=/sessions&next=//evil.example'],
      ['an object', 'next[a]=/sessions'],
      ['an array', 'next[]=/sessions'],
      ['10 KB long', `next=/${'a'.repeat(10_000)}`],
      ['a NUL byte', 'next=/%00/evil.example'],
    ])('next %s: signs in, lands on /dashboard', async (_name, query) => {
      expect(await landing(query)).toBe('/dashboard');
    });

    it('a unicode path is kept, percent-encoded', async () => {
      expect(await landing(`next=${encodeURIComponent('/über?q=ö')}`)).toBe('/%C3%BCber?q=%C3%B6');
    });

    it('a next beyond the header limit is refused with 431', async () => {
      expect((await request(url).get(`/login?next=/${'a'.repeat(OVER_HEADER_LIMIT)}`)).status).toBe(
        431,
      );
    });
  });

  describe('POST bodies', () => {
    let jar: CookieJar;
    let csrf: string;

    beforeAll(async () => {
      jar = new CookieJar();
      await signIn(url, 'admin@acme.test', jar);
      csrf = await csrfTokenOf(url, jar);
    });

    const logout = () =>
      request(url)
        .post('/logout')
        .set('Cookie', jar.header())
        .set('Origin', url)
        .set('Accept', 'application/json');

    it.each([
      ['the token twice', () => logout().type('form').send(`_csrf=${csrf}&_csrf=${csrf}`)],
      ['the token as an array', () => logout().type('form').send(`_csrf[]=${csrf}`)],
      ['the token as an object', () => logout().type('form').send(`_csrf[a]=${csrf}`)],
      ['a JSON array body', () => logout().send([csrf])],
      ['a JSON object token', () => logout().send({ _csrf: { value: csrf } })],
      // Node joins a repeated header with ', ': this is what the app sees for two of them.
      ['the header twice', () => logout().set('x-csrf-token', `${csrf}, ${csrf}`)],
      [
        'a unicode token',
        () =>
          logout()
            .type('form')
            .send(`_csrf=${'ü'.repeat(43)}`),
      ],
    ])('%s: 403 csrf_failed, still signed in', async (_name, send) => {
      const res = await send();
      expect(res.status).toBe(403);
      expect(res.body.error).toBe('csrf_failed');
      expect((await request(url).get('/dashboard').set('Cookie', jar.header())).status).toBe(200);
    });

    it.each([
      ['malformed JSON', 400, () => logout().type('json').send('{"_csrf":')],
      [
        'a 200 KB form',
        413,
        () =>
          logout()
            .type('form')
            .send(`_csrf=${'a'.repeat(200_000)}`),
      ],
      ['a text body', 415, () => logout().set('Content-Type', 'text/plain').send(csrf)],
      [
        'an unsupported charset',
        415,
        () =>
          logout()
            .set('Content-Type', 'application/x-www-form-urlencoded; charset=utf-7')
            .send(`_csrf=${csrf}`),
      ],
    ] as const)('%s: %i, still signed in', async (_name, status, send) => {
      const res = await send();
      expect(res.status).toBe(status);
      expect((await request(url).get('/dashboard').set('Cookie', jar.header())).status).toBe(200);
    });

    it('malformed JSON on a session API: 400', async () => {
      const res = await request(url)
        .post('/sessions/refresh-token')
        .set('Cookie', jar.header())
        .set('x-csrf-token', csrf)
        .set('Content-Type', 'application/json')
        .send('{');
      expect(res.status).toBe(400);
    });
  });
});
