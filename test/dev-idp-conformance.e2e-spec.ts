import * as oidc from 'openid-client';
import { signInAtDevIdp, startTestDevIdp, type DevIdpHandle } from './helpers/dev-idp';

const REDIRECT = 'http://127.0.0.1:3997/auth/callback';
const MAX_AGE = 300;

/**
 * The stand-in driven by openid-client, the certified relying party library, as strict as it
 * goes: every ID token's signature is checked against the key set (non-repudiation checks, which
 * it skips by default for direct token responses), RS256 is the only algorithm accepted,
 * `auth_time` is required in every ID token, no clock tolerance, and PKCE, `state` and `nonce`
 * are all used and checked. Only plain HTTP on loopback is allowed beyond its defaults.
 */
describe('dev-idp with a certified relying party (openid-client)', () => {
  let idp: DevIdpHandle;

  const strictMetadata = (): Partial<oidc.ClientMetadata> => ({
    id_token_signed_response_alg: 'RS256',
    require_auth_time: true,
    [oidc.clockTolerance]: 0,
  });
  const discover = (auth: oidc.ClientAuth) =>
    oidc.discovery(new URL(idp.url), idp.appClient.clientId, strictMetadata(), auth, {
      execute: [oidc.allowInsecureRequests, oidc.enableNonRepudiationChecks],
    });

  beforeAll(async () => {
    idp = await startTestDevIdp({ appRedirectUris: [REDIRECT] });
  });
  afterAll(() => idp.stop());

  it('publishes discovery metadata it accepts, and answers HEAD on it like GET without a body', async () => {
    const config = await discover(oidc.ClientSecretBasic(idp.appClient.clientSecret));
    expect(config.serverMetadata()).toMatchObject({
      issuer: idp.url,
      claims_supported: expect.arrayContaining(['auth_time', 'nonce', 'sid']),
      request_uri_parameter_supported: false,
    });
    const url = `${idp.url}/.well-known/openid-configuration`;
    const [get, head] = await Promise.all([fetch(url), fetch(url, { method: 'HEAD' })]);
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe(get.headers.get('content-type'));
    expect(head.headers.get('content-length')).toBe(String((await get.arrayBuffer()).byteLength));
    expect((await head.arrayBuffer()).byteLength).toBe(0);
  });

  it('completes code + PKCE with nonce, state and max_age, and a refresh keeps auth_time', async () => {
    const config = await discover(oidc.ClientSecretBasic(idp.appClient.clientSecret));
    const verifier = oidc.randomPKCECodeVerifier();
    const nonce = oidc.randomNonce();
    const state = oidc.randomState();
    const authorizeUrl = oidc.buildAuthorizationUrl(config, {
      redirect_uri: REDIRECT,
      scope: 'openid email profile offline_access',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      nonce,
      state,
      max_age: String(MAX_AGE),
    });
    const before = Math.floor(Date.now() / 1000);
    const signIn = await signInAtDevIdp(authorizeUrl.href, 'admin@acme.test');
    expect(signIn.prompted).toBe(true);

    // openid-client checks that auth_time is present and not older than maxAge.
    const tokens = await oidc.authorizationCodeGrant(config, new URL(signIn.location), {
      pkceCodeVerifier: verifier,
      expectedNonce: nonce,
      expectedState: state,
      maxAge: MAX_AGE,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    expect(claims).toMatchObject({ iss: idp.url, nonce, email: 'admin@acme.test' });
    expect(claims?.auth_time).toBeGreaterThanOrEqual(before);
    expect(claims?.auth_time).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));

    // A second later, so that an auth_time reset to "now" on refresh would show.
    await new Promise((r) => setTimeout(r, 1100));
    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token ?? '');
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    expect(refreshed.claims()?.sub).toBe(claims?.sub);
    expect(refreshed.claims()?.auth_time).toBe(claims?.auth_time);
    expect(refreshed.claims()?.iat).toBeGreaterThan(claims?.iat ?? Infinity);
  });

  it('answers a wrong client_secret_basic with 401 and a Basic challenge', async () => {
    const config = await discover(oidc.ClientSecretBasic('not-the-secret'));
    const refusal = await oidc.clientCredentialsGrant(config).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(oidc.WWWAuthenticateChallengeError);
    expect(refusal).toMatchObject({
      status: 401,
      cause: [{ scheme: 'basic', parameters: { realm: 'dev-idp' } }],
    });
  });

  it('issues a client_credentials token to the app client over client_secret_basic', async () => {
    const config = await discover(oidc.ClientSecretBasic(idp.appClient.clientSecret));
    const tokens = await oidc.clientCredentialsGrant(config);
    expect(tokens.token_type).toBe('bearer');
    expect(tokens.expiresIn()).toBeGreaterThan(0);
    expect(tokens.access_token).toEqual(expect.any(String));
  });
});
