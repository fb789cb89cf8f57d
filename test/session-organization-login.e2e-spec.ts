import request from 'supertest';
import { signInAtDevIdp } from './helpers/dev-idp';
import {
  CookieJar,
  finishLogin,
  LOGIN_COOKIE,
  STORE_KINDS,
  useSessionTestbed,
  type SessionTestbed,
} from './helpers/session-login';

const ACME = 'org_10000000000000001';
const GLOBEX = 'org_20000000000000002';
const ACME_OKTA = 'conn_10000000000000101';

/** The seeded users the stand-in's login page offers, and the connection it names. */
async function standInPage(authorizeUrl: string): Promise<{ users: string[]; via?: string }> {
  const page = await fetch(authorizeUrl, { redirect: 'manual' });
  expect(page.status).toBe(200);
  const html = await page.text();
  return {
    users: [...html.matchAll(/name="email" value="([^"]+)"/g)].map((m) => m[1] ?? ''),
    via: /Signing in through <strong>([^<]+)<\/strong>/.exec(html)?.[1],
  };
}

describe.each(STORE_KINDS)('organization-aware login (%s store)', (kind) => {
  const testbed = useSessionTestbed(kind);
  let bed: SessionTestbed;

  beforeAll(() => {
    bed = testbed();
  });

  /** `GET /login?query` -> the authorization URL it redirects to. */
  const loginWith = async (query: Record<string, string>, jar = new CookieJar()) => {
    const res = await request(bed.url).get('/login').query(query).set('Cookie', jar.header());
    expect(res.status).toBe(302);
    jar.store(res.headers['set-cookie']);
    return new URL(String(res.headers.location));
  };

  it('routes by work email: login_hint reaches Scalekit, which signs in through the domain owner', async () => {
    const jar = new CookieJar();
    const authorize = await loginWith({ login_hint: 'member@acme.test' }, jar);
    expect(authorize.searchParams.get('login_hint')).toBe('member@acme.test');
    expect(await standInPage(authorize.href)).toEqual({
      users: ['admin@acme.test', 'member@acme.test', 'auditor@acme.test'],
      via: 'Acme Okta',
    });
    const { location } = await signInAtDevIdp(authorize.href, 'member@acme.test');
    const done = await finishLogin(bed.url, jar, location);
    expect([done.status, done.headers.location]).toEqual([302, '/dashboard']);
    const dashboard = await request(bed.url).get('/dashboard').set('Cookie', jar.header());
    expect(dashboard.text).toContain('Max Member');
  });

  it.each([
    [
      { organization_id: GLOBEX },
      'organization_id',
      GLOBEX,
      ['admin@globex.test'],
      'Globex Entra ID',
    ],
    [
      { connection_id: ACME_OKTA },
      'connection_id',
      ACME_OKTA,
      ['admin@acme.test', 'member@acme.test', 'auditor@acme.test'],
      'Acme Okta',
    ],
    [
      { domain_hint: 'globex.test' },
      'domain_hint',
      'globex.test',
      ['admin@globex.test'],
      'Globex Entra ID',
    ],
  ])(
    'passes %j to the authorization URL, and the stand-in routes by it',
    async (query, name, value, users, via) => {
      const authorize = await loginWith(query);
      expect(authorize.searchParams.get(name)).toBe(value);
      expect(await standInPage(authorize.href)).toEqual({ users, via });
    },
  );

  it('passes a social provider through', async () => {
    const authorize = await loginWith({ provider: 'google' });
    expect(authorize.searchParams.get('provider')).toBe('google');
    expect((await standInPage(authorize.href)).via).toBe('google');
  });

  it('an unknown connection comes back as an error the callback shows clearly', async () => {
    const jar = new CookieJar();
    const authorize = await loginWith({ connection_id: 'conn_999' }, jar);
    const back = await fetch(authorize, { redirect: 'manual' });
    expect(back.status).toBe(302);
    const callback = String(back.headers.get('location'));
    expect(new URL(callback).searchParams.get('error')).toBe('invalid_request');
    const page = await finishLogin(bed.url, jar, callback);
    expect(page.status).toBe(400);
    expect(page.text).toContain('did not sign you in (invalid_request: unknown connection_id)');
    expect(page.headers['set-cookie'] ?? []).not.toEqual(
      expect.arrayContaining([expect.stringMatching(/^app_session=[^;]/)]),
    );
  });

  it('refuses a connection of another organization', async () => {
    const jar = new CookieJar();
    const authorize = await loginWith({ organization_id: GLOBEX, connection_id: ACME_OKTA }, jar);
    const back = await fetch(authorize, { redirect: 'manual' });
    expect(
      new URL(String(back.headers.get('location'))).searchParams.get('error_description'),
    ).toBe('connection_id is not a connection of organization_id');
  });

  const HOSTILE = '"><script>alert(1)</script>';
  it.each([
    ['organization_id', HOSTILE],
    ['organization_id', 'acme'],
    ['connection_id', `conn_${'1'.repeat(65)}`],
    ['login_hint', HOSTILE],
    ['login_hint', 'not-an-email'],
    ['domain_hint', 'acme test'],
    ['domain_hint', HOSTILE],
    ['provider', 'myspace'],
  ])('refuses a bad %s with a 400 page that names it and not the value', async (name, value) => {
    const res = await request(bed.url)
      .get('/login')
      .query({ [name]: value });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain(`${name} must be`);
    expect(res.text).not.toContain('<script>alert(1)');
    expect(res.headers.location).toBeUndefined();
    // Nothing started: no login cookie, no attempt.
    expect(String(res.headers['set-cookie'] ?? '')).not.toContain(`${LOGIN_COOKIE}=`);
  });

  it('refuses a repeated parameter and a provider combined with an organization', async () => {
    const repeated = await request(bed.url).get(
      `/login?organization_id=${ACME}&organization_id=${GLOBEX}`,
    );
    expect([repeated.status, repeated.text]).toEqual([
      400,
      expect.stringContaining('organization_id must be'),
    ]);
    const mixed = await request(bed.url)
      .get('/login')
      .query({ provider: 'google', organization_id: ACME });
    expect([mixed.status, mixed.text]).toEqual([
      400,
      expect.stringContaining('provider cannot be combined'),
    ]);
  });

  it('the home page offers the work-email form that routes by domain', async () => {
    const home = await request(bed.url).get('/');
    expect(home.text).toMatch(/<form method="get" action="\/login"[^>]*>/);
    expect(home.text).toMatch(/name="login_hint"\s+type="email"/);
  });
});
