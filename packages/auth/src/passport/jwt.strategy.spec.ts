import { constants, sign } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { resolveAuthSettings } from '../auth-options';
import { IssuerKeySets } from '../keys/issuer-key-sets';
import { JwksKeySet } from '../keys/jwks-key-set';
import type { Principal } from '../principal';
import { b64url, TestIssuer } from '../testing/test-issuer';
import { TokenVerifier } from '../token/token-verifier';
import { ScalekitJwtStrategy } from './jwt.strategy';

type Outcome =
  | { kind: 'success'; user: Principal }
  | { kind: 'fail'; info: unknown }
  | { kind: 'error'; error: unknown };

/** Runs the strategy the way passport does: on a per-request clone with success/fail/error. */
function run(strategy: ScalekitJwtStrategy, authorization?: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const attempt = Object.create(strategy) as ScalekitJwtStrategy;
    attempt.success = (user) => resolve({ kind: 'success', user: user as Principal });
    attempt.fail = (info: unknown) => resolve({ kind: 'fail', info });
    attempt.error = (error: unknown) => resolve({ kind: 'error', error });
    const headers = authorization === undefined ? {} : { authorization };
    attempt.authenticate({ headers, rawHeaders: [] });
  });
}

describe('ScalekitJwtStrategy (passport integration over TokenVerifier)', () => {
  let issuer: TestIssuer;
  let keySet: JwksKeySet;
  let strategy: ScalekitJwtStrategy;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    issuer = await TestIssuer.start();
    const settings = resolveAuthSettings({
      issuer: issuer.url,
      audiences: [issuer.audience],
      algorithms: ['RS256', 'PS256'],
    });
    keySet = new JwksKeySet(settings);
    strategy = new ScalekitJwtStrategy(
      new TokenVerifier(settings, new IssuerKeySets(settings, keySet)),
      settings,
    );
  });
  afterAll(async () => {
    keySet.onModuleDestroy();
    await issuer.close();
  });

  it('authenticates a valid token into a principal', async () => {
    const outcome = await run(strategy, `Bearer ${await issuer.mint({ scopes: ['a'] })}`);
    expect(outcome).toMatchObject({ kind: 'success', user: { subject: 'usr_100', via: 'bearer' } });
  });

  it('fails without a bearer token', async () => {
    expect((await run(strategy)).kind).toBe('fail');
    expect((await run(strategy, 'Basic x')).kind).toBe('fail');
  });

  it('fails on a header the inspection refuses, an unknown kid, or a bad signature', async () => {
    expect(
      (await run(strategy, `Bearer ${await issuer.mint({}, { header: { jku: 'http://x' } })}`))
        .kind,
    ).toBe('fail');
    expect(
      (
        await run(
          strategy,
          `Bearer ${await issuer.mint({}, { key: await issuer.unpublishedKey() })}`,
        )
      ).kind,
    ).toBe('fail');
    expect((await run(strategy, `Bearer ${await issuer.mint({ iss: 'http://evil' })}`)).kind).toBe(
      'fail',
    );
  });

  it('refuses a signed token over 8 KB before looking up its key', async () => {
    const big = await issuer.mint({ padding: 'x'.repeat(8 * 1024) });
    const fetches = issuer.jwksFetches;
    expect((await run(strategy, `Bearer ${big}`)).kind).toBe('fail');
    const small = await issuer.mint({ padding: 'x'.repeat(1024) });
    expect((await run(strategy, `Bearer ${small}`)).kind).toBe('success');
    expect(issuer.jwksFetches).toBe(fetches);
  });

  it("refuses a token whose alg differs from its JWK's alg (PS256 over an RS256 key)", async () => {
    const { kid, privateKey } = issuer.currentKey;
    const input = `${b64url({ alg: 'PS256', kid, typ: 'JWT' })}.${b64url(issuer.defaultClaims())}`;
    const signature = sign('sha256', Buffer.from(input), {
      key: privateKey,
      padding: constants.RSA_PKCS1_PSS_PADDING,
      saltLength: 32,
    });
    const outcome = await run(strategy, `Bearer ${input}.${signature.toString('base64url')}`);
    expect(outcome.kind).toBe('fail');
  });

  it('refuses an ID token, like the global guard', async () => {
    const idToken = await issuer.mint({ azp: 'skc_1', at_hash: 'x3kXDx0DqnPSWWdPMD0n1Q' });
    expect((await run(strategy, `Bearer ${idToken}`)).kind).not.toBe('success');
  });

  it('applies the claim rules passport-jwt lacks (exp required) as an error', async () => {
    const outcome = await run(strategy, `Bearer ${await issuer.mint({}, { omit: ['exp'] })}`);
    expect(outcome.kind).not.toBe('success');
  });
});
