import { generateKeyPair } from 'jose';
import request from 'supertest';
import { loadSigningKey } from '../src/dev-idp/keys/signing-key';
import { IdpInitiatedLoginClaims, TokenMinter } from '../src/dev-idp/tokens/token-minter';
import { signInAtDevIdp } from './helpers/dev-idp';
import {
  CookieJar,
  finishLogin,
  STORE_KINDS,
  useSessionTestbed,
  type SessionTestbed,
} from './helpers/session-login';

const ACME = 'org_10000000000000001';
const ACME_OKTA = 'conn_10000000000000101';
const CLAIMS: IdpInitiatedLoginClaims = { organizationId: ACME, connectionId: ACME_OKTA };

describe.each(STORE_KINDS)('IdP-initiated login (%s store)', (kind) => {
  const testbed = useSessionTestbed(kind);
  let bed: SessionTestbed;
  /** Signs like the stand-in (its own key), so only the claims under test are wrong. */
  let minter: TokenMinter;

  beforeAll(async () => {
    bed = testbed();
    minter = new TokenMinter(bed.idp.url, await loadSigningKey(bed.idp.dataDir));
  });

  /** From the stand-in's portal tile to the app's initiate-login URL carrying the token. */
  const fromPortal = async (extra: Record<string, string> = {}): Promise<URL> => {
    const start = new URL(`${bed.idp.url}/idp-portal/start`);
    start.searchParams.set('connection_id', ACME_OKTA);
    for (const [k, v] of Object.entries(extra)) start.searchParams.set(k, v);
    const res = await fetch(start, { redirect: 'manual' });
    expect(res.status).toBe(302);
    return new URL(String(res.headers.get('location')));
  };

  /** The app's answer to the initiate-login URL, in a browser with `jar`. */
  const initiate = (target: URL, jar = new CookieJar()) =>
    request(bed.url)
      .get(`${target.pathname}${target.search}`)
      .set('Cookie', jar.header())
      .then((res) => {
        jar.store(res.headers['set-cookie']);
        return res;
      });

  /** The whole loop: portal, app, stand-in sign-in, callback; returns where the app sends the user. */
  const signInFromPortal = async (extra: Record<string, string> = {}) => {
    const jar = new CookieJar();
    const started = await initiate(await fromPortal(extra), jar);
    expect(started.status).toBe(302);
    const authorize = String(started.headers.location);
    const { location } = await signInAtDevIdp(authorize, 'admin@acme.test');
    const done = await finishLogin(bed.url, jar, location);
    expect(done.status).toBe(302);
    return { authorize: new URL(authorize), landing: String(done.headers.location), jar };
  };

  it('the portal lists a tile per SSO connection', async () => {
    const portal = await (await fetch(`${bed.idp.url}/idp-portal`)).text();
    expect(portal).toContain(`/idp-portal/start?connection_id=${ACME_OKTA}`);
    expect(portal).toContain('Acme Okta');
    expect(portal).toContain('Globex Entra ID');
  });

  it('becomes an app-started login: fresh state, nonce and PKCE, routed by the claims', async () => {
    const { authorize, landing, jar } = await signInFromPortal({
      relay_state: '/organization/settings',
    });
    const q = authorize.searchParams;
    expect(q.get('organization_id')).toBe(ACME);
    expect(q.get('connection_id')).toBe(ACME_OKTA);
    expect(q.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // relay_state is a return path, never the OAuth state (the SDK's own example does that).
    expect(q.get('state')).not.toBe('/organization/settings');
    expect(q.get('nonce')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(landing).toBe('/organization/settings');
    const settings = await request(bed.url).get(landing).set('Cookie', jar.header());
    expect(settings.status).toBe(200);
  });

  it.each(['https://evil.example/', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)'])(
    'treats relay_state %j as an untrusted return path: the user lands on the dashboard',
    async (relayState) => {
      const { landing } = await signInFromPortal({ relay_state: relayState });
      expect(landing).toBe('/dashboard');
    },
  );

  it('accepts a token once: a replay gets a clear error page', async () => {
    const target = await fromPortal();
    expect((await initiate(target)).status).toBe(302);
    const replay = await initiate(target);
    expect(replay.status).toBe(400);
    expect(replay.headers['content-type']).toMatch(/^text\/html/);
    expect(replay.text).toContain('not valid, has expired or was already used');
    expect(replay.headers.location).toBeUndefined();
  });

  it('of many simultaneous uses of one token exactly one starts a login (run 10 times)', async () => {
    const apps = kind === 'redis' ? [bed.url, (await bed.startAnother()).url] : [bed.url];
    for (let round = 0; round < 10; round++) {
      const target = await fromPortal();
      const answers = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          request(apps[i % apps.length] ?? bed.url).get(`${target.pathname}${target.search}`),
        ),
      );
      expect(answers.map((a) => a.status).sort()).toEqual([302, ...Array<number>(11).fill(400)]);
    }
  });

  if (kind === 'redis')
    it('a token used on one instance is refused on another (the store is shared)', async () => {
      const other = await bed.startAnother();
      const target = await fromPortal();
      expect((await initiate(target)).status).toBe(302);
      const elsewhere = await request(other.url).get(`${target.pathname}${target.search}`);
      expect(elsewhere.status).toBe(400);
    });

  const loginWith = (token: string) =>
    request(bed.url).get('/login').query({ idp_initiated_login: token });

  it.each<[string, () => Promise<string>]>([
    ['expired', () => minter.idpInitiatedLogin(CLAIMS, bed.idp.appClient.clientId, -60)],
    ['for another client', () => minter.idpInitiatedLogin(CLAIMS, 'skc_someone_else', 300)],
    [
      'signed by another key with the same kid',
      async () => {
        const real = await loadSigningKey(bed.idp.dataDir);
        const { privateKey, publicKey } = await generateKeyPair('RS256');
        const forger = new TokenMinter(bed.idp.url, { ...real, privateKey, publicKey });
        return forger.idpInitiatedLogin(CLAIMS, bed.idp.appClient.clientId, 300);
      },
    ],
    [
      'from another issuer',
      async () =>
        new TokenMinter(
          'https://evil.example',
          await loadSigningKey(bed.idp.dataDir),
        ).idpInitiatedLogin(CLAIMS, bed.idp.appClient.clientId, 300),
    ],
    [
      'with a tampered organization',
      async () => {
        const token = await minter.idpInitiatedLogin(CLAIMS, bed.idp.appClient.clientId, 300);
        const [header, payload, signature] = token.split('.');
        const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as object;
        const forged = Buffer.from(
          JSON.stringify({ ...claims, organization_id: 'org_20000000000000002' }),
        ).toString('base64url');
        return `${header}.${forged}.${signature}`;
      },
    ],
    [
      'with routing claims of the wrong format',
      () =>
        minter.idpInitiatedLogin(
          { organizationId: '"><script>', connectionId: ACME_OKTA },
          bed.idp.appClient.clientId,
          300,
        ),
    ],
    ['that is not a JWT', () => Promise.resolve('not-a-token')],
  ])('refuses a token %s with a 400 page and starts nothing', async (_what, token) => {
    const res = await loginWith(await token());
    expect(res.status).toBe(400);
    expect(res.text).toContain('not valid, has expired or was already used');
    expect(res.text).not.toContain('<script>');
    expect(res.headers.location).toBeUndefined();
  });

  it('refuses idp_initiated_login combined with other routing or next', async () => {
    const token = await minter.idpInitiatedLogin(CLAIMS, bed.idp.appClient.clientId, 300);
    for (const extra of [{ organization_id: ACME }, { next: '/dashboard' }]) {
      const res = await request(bed.url)
        .get('/login')
        .query({ idp_initiated_login: token, ...extra });
      expect([res.status, res.text]).toEqual([400, expect.stringContaining('comes alone')]);
    }
  });
});
