import { randomBytes, randomUUID } from 'node:crypto';
import { generateKeyPair, JWTPayload, SignJWT } from 'jose';
import request from 'supertest';
import { loadSigningKey, type SigningKey } from '../src/dev-idp/keys/signing-key';
import {
  browserSignedIn as signedInAt,
  eventually,
  isSignedIn,
  STORE_KINDS,
  useSessionTestbed,
  type CookieJar,
} from './helpers/session-login';

const ADMIN = 'usr_10000000000000011';
const EVENT = { 'http://schemas.openid.net/event/backchannel-logout': {} };

describe.each(STORE_KINDS)('back-channel logout (%s store)', (kind) => {
  // Another webhook secret than the stand-in's: its user.logout webhooks are refused, so what
  // ends sessions here is the back-channel call alone.
  const testbed = useSessionTestbed(kind, {
    SCALEKIT_WEBHOOK_SECRET: `whsec_${randomBytes(32).toString('base64')}`,
  });
  let key: SigningKey;
  beforeAll(async () => {
    key = await loadSigningKey(testbed().idp.dataDir);
  });

  /** A logout token as the stand-in signs it, with `claims` changed or removed (`undefined`). */
  const logoutToken = (claims: JWTPayload = {}, signingKey = key.privateKey) => {
    const now = Math.floor(Date.now() / 1000);
    const payload: JWTPayload = {
      iss: testbed().idp.url,
      aud: [testbed().idp.appClient.clientId],
      iat: now,
      exp: now + 120,
      jti: randomUUID(),
      sub: ADMIN,
      events: EVENT,
      ...claims,
    };
    for (const [name, value] of Object.entries(payload))
      if (value === undefined) delete payload[name];
    return new SignJWT(payload)
      .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'logout+jwt' })
      .sign(signingKey);
  };

  const post = (body: Record<string, string>, url = testbed().url) =>
    request(url).post('/auth/backchannel-logout').type('form').send(body);

  const browserSignedIn = (email = 'admin@acme.test') => signedInAt(testbed().url, email);
  const signedIn = (jar: CookieJar) => isSignedIn(testbed().url, jar);

  it('signing out at the stand-in ends that session only (by sid), through the back channel', async () => {
    const first = await browserSignedIn();
    const second = await browserSignedIn();
    const out = await fetch(`${testbed().idp.url}/oidc/logout`, {
      headers: { cookie: first.idpCookie },
    });
    expect(out.status).toBe(200);
    expect(await eventually(async () => !(await signedIn(first.jar)))).toBe(true);
    expect(await signedIn(second.jar)).toBe(true);
  });

  it('a token with sub and no sid ends every session of that user, and answers no-store', async () => {
    const sessions = [await browserSignedIn(), await browserSignedIn()];
    const member = await browserSignedIn('member@acme.test');
    const res = await post({ logout_token: await logoutToken() });
    expect(res.status).toBe(200);
    expect(res.body.ended).toBeGreaterThanOrEqual(2);
    expect(res.headers['cache-control']).toBe('no-store');
    for (const { jar } of sessions) expect(await signedIn(jar)).toBe(false);
    expect(await signedIn(member.jar)).toBe(true);
  });

  if (kind === 'redis')
    it('a logout received by one instance ends the session held on another', async () => {
      const other = await testbed().startAnother();
      const { jar } = await browserSignedIn();
      expect((await post({ logout_token: await logoutToken() }, other.url)).status).toBe(200);
      expect(await signedIn(jar)).toBe(false);
    });

  it('refuses a replayed token (same jti)', async () => {
    const token = await logoutToken();
    expect((await post({ logout_token: token })).status).toBe(200);
    const replay = await post({ logout_token: token });
    expect([replay.status, replay.body.error]).toEqual([400, 'invalid_request']);
    expect(replay.body.error_description).toMatch(/used before/);
  });

  it.each<[string, () => Promise<string>]>([
    [
      'signed by another key',
      async () => logoutToken({}, (await generateKeyPair('RS256')).privateKey),
    ],
    ['expired', () => logoutToken({ exp: Math.floor(Date.now() / 1000) - 120 })],
    ['for another client', () => logoutToken({ aud: ['skc_someone_else'] })],
    ['from another issuer', () => logoutToken({ iss: 'https://evil.example' })],
    ['without the back-channel event', () => logoutToken({ events: undefined })],
    [
      'with the event as a string',
      () => logoutToken({ events: { [Object.keys(EVENT)[0] ?? '']: 'x' } }),
    ],
    ['with a nonce (an ID token)', () => logoutToken({ nonce: 'n' })],
    ['without sid and sub', () => logoutToken({ sub: undefined })],
    ['without jti', () => logoutToken({ jti: undefined })],
    ['without iat', () => logoutToken({ iat: undefined })],
    ['that is not a JWT', () => Promise.resolve('not-a-token')],
  ])('refuses a token %s with 400 invalid_request and ends nothing', async (_what, token) => {
    const { jar } = await browserSignedIn();
    const res = await post({ logout_token: await token() });
    expect([res.status, res.body.error]).toEqual([400, 'invalid_request']);
    expect(res.body.error_description).toEqual(expect.any(String));
    expect(await signedIn(jar)).toBe(true);
  });

  it('refuses a request without exactly one logout_token', async () => {
    for (const res of [
      await post({}),
      await request(testbed().url)
        .post('/auth/backchannel-logout')
        .type('form')
        .send('logout_token=a&logout_token=b'),
      await request(testbed().url).post('/auth/backchannel-logout').send({ logout_token: 123 }),
    ])
      expect([res.status, res.body.error]).toEqual([400, 'invalid_request']);
  });
});
