import { constants, sign } from 'node:crypto';
import request from 'supertest';
import { createTestApp, TestApp } from './helpers/test-app';
import { appEnv, b64url, TestIssuer } from './helpers/test-issuer';

/** Every RFC 8725 / RFC 9068 check: each case passes without the check it names and fails with it. */
const INVALID =
  'Bearer realm="test-api", error="invalid_token", error_description="The access token is invalid"';
const EXPIRED =
  'Bearer realm="test-api", error="invalid_token", error_description="The access token expired"';
const now = (): number => Math.floor(Date.now() / 1000);

describe('bearer token rules (e2e)', () => {
  let issuer: TestIssuer;
  let app: TestApp;

  beforeAll(async () => {
    issuer = await TestIssuer.start();
    app = await createTestApp({
      ...appEnv(issuer),
      AUTH_AUDIENCE: 'https://api.test,https://other.test',
      AUTH_ALGORITHMS: 'RS256,PS256',
      AUTH_REALM: 'test-api',
    });
  });
  afterAll(async () => {
    await app?.close();
    await issuer?.close();
  });

  const call = (token: string) =>
    request(app.url).get('/api/me').set('authorization', `Bearer ${token}`);
  async function expectRefused(token: string, challenge = INVALID): Promise<void> {
    const res = await call(token);
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe(challenge);
    expect(res.body).toEqual({
      error: 'invalid_token',
      message: expect.any(String),
      requestId: expect.any(String),
    });
  }

  it('accepts a well-formed token (the baseline every case below departs from)', async () => {
    const res = await call(await issuer.mint());
    expect(res.status).toBe(200);
    expect(res.body.subject).toBe('usr_100');
  });

  describe('algorithm', () => {
    it('refuses alg "none"', async () => {
      const header = b64url({ alg: 'none', kid: issuer.currentKey.kid, typ: 'JWT' });
      await expectRefused(`${header}.${b64url(issuer.defaultClaims())}.`);
      await expectRefused(`${header}.${b64url(issuer.defaultClaims())}.c2ln`);
    });

    it('refuses HS256 signed with the public key PEM as the HMAC secret', async () => {
      const { SignJWT } = await import('jose');
      const token = await new SignJWT(issuer.defaultClaims())
        .setProtectedHeader({ alg: 'HS256', kid: issuer.currentKey.kid, typ: 'JWT' })
        .sign(new TextEncoder().encode(issuer.currentKey.publicPem));
      await expectRefused(token);
    });

    it('refuses an algorithm outside AUTH_ALGORITHMS even with a published key', async () => {
      const es = await issuer.addKey('ES256');
      await expectRefused(await issuer.mint({}, { key: es }));
    });

    it("refuses a token whose alg differs from its JWK's alg (PS256 over an RS256 key)", async () => {
      // PS256 is allowed and the key is RSA, so only the JWK's own `alg` rules this out.
      const input = `${b64url({ alg: 'PS256', kid: issuer.currentKey.kid, typ: 'JWT' })}.${b64url(issuer.defaultClaims())}`;
      const key = issuer.currentKey.privateKey;
      const signature = sign('sha256', Buffer.from(input), {
        key,
        padding: constants.RSA_PKCS1_PSS_PADDING,
        saltLength: 32,
      });
      await expectRefused(`${input}.${signature.toString('base64url')}`);
    });
  });

  describe('signature and key', () => {
    it('refuses a token whose payload was changed after signing', async () => {
      const [h, , s] = (await issuer.mint()).split('.');
      await expectRefused(`${h}.${b64url({ ...issuer.defaultClaims(), sub: 'usr_admin' })}.${s}`);
    });

    it('refuses a token signed by a key that is not in the JWKS', async () => {
      await expectRefused(await issuer.mint({}, { key: await issuer.unpublishedKey() }));
    });

    it('refuses a token without kid', async () => {
      await expectRefused(await issuer.mint({}, { header: { kid: undefined } }));
    });

    for (const name of ['jku', 'x5u', 'jwk', 'x5c'] as const) {
      it(`refuses a "${name}" header, even on a token our key signed`, async () => {
        const attacker = await issuer.unpublishedKey('RS256', `attacker-${name}`);
        const value =
          name === 'jwk' ? attacker.jwk : name === 'x5c' ? ['MIIB'] : 'http://127.0.0.1:1/keys';
        await expectRefused(await issuer.mint({}, { header: { [name]: value } }));
        await expectRefused(await issuer.mint({}, { key: attacker, header: { [name]: value } }));
      });
    }

    it('refuses a crit header (no extension is understood)', async () => {
      const payload = JSON.stringify(issuer.defaultClaims());
      await expectRefused(issuer.signRaw({ typ: 'JWT', crit: ['urn:x'], 'urn:x': 1 }, payload));
    });

    it('refuses a typ that is not an access token, accepts at+jwt', async () => {
      await expectRefused(await issuer.mint({}, { header: { typ: 'dpop+jwt' } }));
      expect((await call(await issuer.mint({}, { header: { typ: 'at+jwt' } }))).status).toBe(200);
    });
  });

  describe('shape', () => {
    it('refuses a token over 8 KB before looking up its key', async () => {
      const before = issuer.jwksFetches;
      const token = await issuer.mint({ padding: 'x'.repeat(8 * 1024) });
      await expectRefused(token);
      const unknownKid = await issuer.mint(
        { padding: 'x'.repeat(8 * 1024) },
        { key: await issuer.unpublishedKey('RS256', 'big') },
      );
      await expectRefused(unknownKid);
      expect(issuer.jwksFetches).toBe(before);
    });

    it('refuses a payload that is not a JSON object', async () => {
      await expectRefused(issuer.signRaw({ typ: 'JWT' }, '"usr_100"'));
      await expectRefused(issuer.signRaw({ typ: 'JWT' }, JSON.stringify([issuer.defaultClaims()])));
      await expectRefused(issuer.signRaw({ typ: 'JWT' }, 'not json'));
    });

    it('refuses a token that is not three base64url segments', async () => {
      const token = await issuer.mint();
      await expectRefused(`${token}.x`);
      await expectRefused(token.split('.').slice(0, 2).join('.'));
    });
  });

  describe('claims', () => {
    it('requires iss to match exactly', async () => {
      await expectRefused(await issuer.mint({ iss: 'http://evil.test' }));
      await expectRefused(await issuer.mint({ iss: `${issuer.url}/` }));
    });

    it('requires aud to name an accepted audience', async () => {
      await expectRefused(await issuer.mint({ aud: ['https://elsewhere.test'] }));
      await expectRefused(await issuer.mint({}, { omit: ['aud'] }));
      expect(
        (await call(await issuer.mint({ aud: ['https://elsewhere.test', 'https://other.test'] })))
          .status,
      ).toBe(200);
      expect((await call(await issuer.mint({ aud: 'https://api.test' }))).status).toBe(200);
    });

    it('requires exp', async () => {
      await expectRefused(await issuer.mint({}, { omit: ['exp'] }));
      await expectRefused(await issuer.mint({ exp: String(now() + 3600) }));
    });

    it('refuses a token expired beyond the clock tolerance, accepts one within it', async () => {
      await expectRefused(await issuer.mint({ exp: now() - 10 }), EXPIRED);
      expect((await call(await issuer.mint({ exp: now() - 2 }))).status).toBe(200);
    });

    it('refuses nbf in the future beyond the tolerance, accepts it within', async () => {
      await expectRefused(await issuer.mint({ nbf: now() + 60 }));
      expect((await call(await issuer.mint({ nbf: now() + 2 }))).status).toBe(200);
    });

    it('refuses an iat absurdly in the future', async () => {
      await expectRefused(await issuer.mint({ iat: now() + 3600 }));
      await expectRefused(await issuer.mint({ iat: 'yesterday' }));
    });

    it('refuses an ID token: same issuer, key, typ and audience, but not an access token', async () => {
      // Scalekit signs ID tokens with the access tokens' key, typ `JWT` and `aud` = the app client,
      // which AUTH_AUDIENCE names (dev default), so only ID-token-only claims tell them apart.
      const idToken = {
        sub: 'usr_100',
        azp: 'skc_1',
        sid: 'ses_1',
        email: 'admin@acme.test',
        amr: ['pwd'],
        at_hash: 'x3kXDx0DqnPSWWdPMD0n1Q',
        nonce: 'n-0S6_WzA2Mj',
      };
      await expectRefused(await issuer.mint(idToken));
      await expectRefused(await issuer.mint({ at_hash: 'x3kXDx0DqnPSWWdPMD0n1Q' }));
      await expectRefused(await issuer.mint({ c_hash: 'LDktKdoQak3Pk0cnXxCltA' }));
      await expectRefused(await issuer.mint({ nonce: 'n-0S6_WzA2Mj' }));
      await expectRefused(await issuer.mint({ azp: 'skc_1' }));
      // An access token may name its authorized party beside its client_id (RFC 9068 §2.2).
      expect((await call(await issuer.mint({ azp: 'skc_1', client_id: 'skc_1' }))).status).toBe(
        200,
      );
    });

    it('requires sub', async () => {
      await expectRefused(await issuer.mint({}, { omit: ['sub'] }));
      await expectRefused(await issuer.mint({ sub: 42 }));
    });
  });
});
