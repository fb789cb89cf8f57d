import { Logger } from '@nestjs/common';
import { resolveAuthSettings } from '../auth-options';
import { InvalidTokenError } from '../errors';
import { IssuerKeySets } from '../keys/issuer-key-sets';
import { JwksKeySet } from '../keys/jwks-key-set';
import { TestIssuer } from '../testing/test-issuer';
import { TokenVerifier } from './token-verifier';

describe('TokenVerifier with several issuers', () => {
  let first: TestIssuer;
  let second: TestIssuer;
  let stranger: TestIssuer;
  let keySets: IssuerKeySets;
  let verifier: TokenVerifier;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    [first, second, stranger] = await Promise.all([
      TestIssuer.start({ audience: 'api-one' }),
      TestIssuer.start({ audience: 'api-two', alg: 'ES256' }),
      TestIssuer.start({ audience: 'api-one' }),
    ]);
    const settings = resolveAuthSettings({
      ...first.authOptions(),
      algorithms: ['RS256', 'ES256'],
      issuers: [{ issuer: second.issuer, audiences: ['api-two'], jwksUri: second.jwksUri }],
    });
    keySets = new IssuerKeySets(settings, new JwksKeySet(settings));
    verifier = new TokenVerifier(settings, keySets);
  });
  afterAll(async () => {
    keySets.onModuleDestroy();
    for (const keySet of keySets.list()) keySet.keySet.onModuleDestroy();
    await Promise.all([first.stop(), second.stop(), stranger.stop()]);
  });

  it("accepts each issuer's tokens with that issuer's keys and audiences", async () => {
    await expect(verifier.verify(await first.mintClient({ scopes: ['a'] }))).resolves.toMatchObject(
      {
        subject: 'm2morg_100',
      },
    );
    await expect(verifier.verify(await second.mintUser({ sub: 'usr_2' }))).resolves.toMatchObject({
      subject: 'usr_2',
    });
  });

  it("refuses a token of one issuer with the other's audience", async () => {
    const crossed = await second.mint({ aud: 'api-one' });
    await expect(verifier.verify(crossed)).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('refuses an unknown iss before fetching any key set', async () => {
    const before = [first.jwksFetches, second.jwksFetches, stranger.jwksFetches];
    const foreign = await stranger.mintClient();
    await expect(verifier.verify(foreign)).rejects.toMatchObject({
      reason: expect.stringContaining('not an accepted issuer') as unknown,
    });
    expect([first.jwksFetches, second.jwksFetches, stranger.jwksFetches]).toEqual(before);
  });

  it("refuses a token claiming one issuer but signed with the other's key", async () => {
    const forged = await first.mint({}, { key: second.currentKey });
    await expect(verifier.verify(forged)).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it.each([
    ['two credentials', (t: string) => `${t} ${t}`],
    ['a quoted credential', (t: string) => `"${t}"`],
    ['a comma list', (t: string) => `${t},Bearer ${t}`],
    [
      'a character outside b64token in the signature',
      (t: string) => `${t.slice(0, -8)}*${t.slice(-8)}`,
    ],
    ['padding inside the token', (t: string) => `${t.slice(0, 20)}=${t.slice(20)}`],
  ])('refuses %s as malformed, before any key is looked up', async (_case, mangle) => {
    const token = await first.mintClient({ scopes: ['a'] });
    await expect(verifier.verify(token)).resolves.toBeDefined(); // now cached
    const fetches = first.jwksFetches;
    await expect(verifier.verify(mangle(token))).rejects.toMatchObject({
      description: 'The Authorization header must carry exactly one Bearer token',
      reason: 'Bearer credential is not a single token68',
    });
    expect(first.jwksFetches).toBe(fetches);
  });

  it("refuses a cached token's signature under another payload: a hit is the whole token", async () => {
    const token = await first.mintClient({ scopes: ['a'] });
    await expect(verifier.verify(token)).resolves.toMatchObject({ scopes: new Set(['a']) });
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as object;
    const widened = Buffer.from(JSON.stringify({ ...claims, scope: 'a admin' })).toString(
      'base64url',
    );
    await expect(verifier.verify(`${header}.${widened}.${signature}`)).rejects.toMatchObject({
      reason: expect.stringContaining('signature') as unknown,
    });
    await expect(verifier.verify(token)).resolves.toMatchObject({ scopes: new Set(['a']) });
  });

  it('verifies other tokens of an accepted issuer against a given audience (ID tokens)', async () => {
    const idToken = await first.mint({ aud: 'skc_app', nonce: 'n' });
    await expect(verifier.verifySigned(idToken, { audience: 'skc_app' })).resolves.toMatchObject({
      claims: { nonce: 'n' },
      alg: 'RS256',
    });
    await expect(verifier.verifySigned(idToken, { audience: 'other' })).rejects.toBeInstanceOf(
      InvalidTokenError,
    );
  });
});

describe('TokenVerifier.isCurrent', () => {
  let issuer: TestIssuer;
  let keySets: IssuerKeySets;
  let verifier: TokenVerifier;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    issuer = await TestIssuer.start();
    // No cooldown: the test refetches the key set right after start-up.
    const settings = resolveAuthSettings(issuer.authOptions({ jwksCooldownMs: 0 }));
    keySets = new IssuerKeySets(settings, new JwksKeySet(settings));
    verifier = new TokenVerifier(settings, keySets);
  });
  afterAll(async () => {
    keySets.onModuleDestroy();
    for (const keySet of keySets.list()) keySet.keySet.onModuleDestroy();
    await issuer.stop();
  });

  it('holds for a verified principal until its signing key leaves the key set', async () => {
    const token = await issuer.mintUser({ sub: 'usr_kept' });
    const principal = await verifier.verify(token);
    expect(verifier.isCurrent(principal)).toBe(true);
    expect(verifier.isCurrent({ ...principal })).toBe(false); // not one it returned

    const old = issuer.currentKey.kid;
    await issuer.rotate();
    issuer.removeKey(old);
    // A token under the new key makes the verifier fetch the key set, and the old key goes.
    await verifier.verify(await issuer.mintUser({ sub: 'usr_new' }));
    expect(verifier.isCurrent(principal)).toBe(false);
    await expect(verifier.verify(token)).rejects.toBeInstanceOf(InvalidTokenError);
  });
});
