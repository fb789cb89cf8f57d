import { createHash, randomBytes } from 'node:crypto';
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { loginAtDevIdp, startTestDevIdp, type DevIdpHandle } from './helpers/dev-idp';

const REDIRECT = 'http://127.0.0.1:3999/auth/callback';
const AFTER_LOGOUT = 'http://127.0.0.1:3999/';
const ACME = 'org_10000000000000001';

function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

describe('dev-idp OAuth/OIDC endpoints', () => {
  let idp: DevIdpHandle;
  const token = async (params: Record<string, string>) => {
    const res = await fetch(`${idp.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(params).toString(),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const app = () => ({
    client_id: idp.appClient.clientId,
    client_secret: idp.appClient.clientSecret,
  });
  const authorizeUrl = (extra: Record<string, string> = {}) =>
    `${idp.url}/oauth/authorize?${new URLSearchParams({
      response_type: 'code',
      client_id: idp.appClient.clientId,
      redirect_uri: REDIRECT,
      scope: 'openid profile email offline_access',
      state: 'st',
      nonce: 'nn',
      ...extra,
    }).toString()}`;
  const codeFor = async (email: string, challenge?: string) => {
    const extra: Record<string, string> = challenge
      ? { code_challenge: challenge, code_challenge_method: 'S256' }
      : {};
    const callback = new URL(await loginAtDevIdp(authorizeUrl(extra), email));
    return callback.searchParams.get('code') ?? '';
  };
  const exchange = (code: string, verifier?: string, redirectUri = REDIRECT) =>
    token({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      ...(verifier && { code_verifier: verifier }),
      ...app(),
    });

  beforeAll(async () => {
    idp = await startTestDevIdp({
      appRedirectUris: [REDIRECT],
      appPostLogoutRedirectUris: [AFTER_LOGOUT],
      codeTtlS: 1,
    });
  });
  afterAll(() => idp.stop());

  it('publishes discovery metadata with Scalekit paths and a key set', async () => {
    const meta = (await (
      await fetch(`${idp.url}/.well-known/openid-configuration`)
    ).json()) as Record<string, unknown>;
    expect(meta).toMatchObject({
      issuer: idp.url,
      jwks_uri: `${idp.url}/keys`,
      end_session_endpoint: `${idp.url}/oidc/logout`,
    });
    const keys = (await (await fetch(`${idp.url}/keys`)).json()) as {
      keys: { kid: string; d?: string }[];
    };
    expect(keys.keys).toHaveLength(1);
    expect(keys.keys[0]?.d).toBeUndefined();
  });

  it('issues Scalekit-shaped user tokens for a PKCE code, with nonce and refresh token', async () => {
    const { verifier, challenge } = pkce();
    const { status, body } = await exchange(await codeFor('admin@acme.test', challenge), verifier);
    expect(status).toBe(200);
    const jwks = createRemoteJWKSet(new URL(`${idp.url}/keys`));
    const access = await jwtVerify(String(body.access_token), jwks, {
      issuer: idp.url,
      audience: idp.appClient.clientId,
    });
    expect(decodeProtectedHeader(String(body.access_token)).typ).toBe('JWT');
    expect(access.payload).toMatchObject({
      oid: ACME,
      client_id: idp.appClient.clientId,
      roles: ['admin'],
    });
    expect(access.payload.sub).toMatch(/^usr_\d+$/);
    expect(access.payload.sid).toMatch(/^ses_\d+$/);
    expect(access.payload.permissions).toEqual([
      'organization:settings',
      'api_clients:read',
      'api_clients:write',
    ]);
    const id = await jwtVerify(String(body.id_token), jwks, {
      issuer: idp.url,
      audience: idp.appClient.clientId,
    });
    expect(id.payload).toMatchObject({
      nonce: 'nn',
      email: 'admin@acme.test',
      email_verified: true,
      azp: idp.appClient.clientId,
    });
    expect(body.refresh_token).toEqual(expect.any(String));
  });

  it('gives a member no permissions and omits the refresh token without offline_access', async () => {
    const url = authorizeUrl({ scope: 'openid email' });
    const code =
      new URL(await loginAtDevIdp(url, 'member@acme.test')).searchParams.get('code') ?? '';
    const { body } = await exchange(code);
    expect(decodeJwt(String(body.access_token))).toMatchObject({
      roles: ['member'],
      permissions: [],
    });
    expect(body.refresh_token).toBeUndefined();
  });

  it('refuses a reused code, and revokes what the first use issued', async () => {
    const code = await codeFor('admin@acme.test');
    const first = await exchange(code);
    expect(first.status).toBe(200);
    expect(await exchange(code)).toEqual({
      status: 400,
      body: expect.objectContaining({ error: 'invalid_grant' }),
    });
    const refreshed = await token({
      grant_type: 'refresh_token',
      refresh_token: String(first.body.refresh_token),
      ...app(),
    });
    expect(refreshed.body.error).toBe('invalid_grant');
  });

  it('refuses a wrong PKCE verifier and a missing one', async () => {
    const { challenge } = pkce();
    expect(
      (await exchange(await codeFor('admin@acme.test', challenge), pkce().verifier)).body.error,
    ).toBe('invalid_grant');
    expect((await exchange(await codeFor('admin@acme.test', challenge))).body.error).toBe(
      'invalid_grant',
    );
  });

  it('refuses a redirect_uri that differs from the authorization request', async () => {
    const res = await exchange(
      await codeFor('admin@acme.test'),
      undefined,
      'http://127.0.0.1:3999/other',
    );
    expect(res).toEqual({ status: 400, body: expect.objectContaining({ error: 'invalid_grant' }) });
  });

  it('refuses an expired code', async () => {
    const code = await codeFor('admin@acme.test');
    await new Promise((r) => setTimeout(r, 1100));
    expect((await exchange(code)).body.error).toBe('invalid_grant');
  });

  it('rotates refresh tokens and revokes the family when a rotated one is replayed', async () => {
    const first = await exchange(await codeFor('admin@acme.test'));
    const old = String(first.body.refresh_token);
    const second = await token({ grant_type: 'refresh_token', refresh_token: old, ...app() });
    expect(second.status).toBe(200);
    expect(second.body.refresh_token).not.toBe(old);
    expect(await token({ grant_type: 'refresh_token', refresh_token: old, ...app() })).toEqual({
      status: 400,
      body: expect.objectContaining({ error: 'invalid_grant' }),
    });
    const third = await token({
      grant_type: 'refresh_token',
      refresh_token: String(second.body.refresh_token),
      ...app(),
    });
    expect(third.body.error).toBe('invalid_grant');
  });

  it('answers OAuth errors, never 500, for bad client auth, grant types and bodies', async () => {
    expect(
      await token({
        grant_type: 'client_credentials',
        client_id: idp.appClient.clientId,
        client_secret: 'nope',
      }),
    ).toEqual({
      status: 401,
      body: expect.objectContaining({ error: 'invalid_client' }),
    });
    expect((await token({ grant_type: 'password', ...app() })).body.error).toBe(
      'unsupported_grant_type',
    );
    expect(
      (await token({ grant_type: 'refresh_token', refresh_token: 'garbage', ...app() })).body.error,
    ).toBe('invalid_grant');
    const json = await fetch(`${idp.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(json.status).toBe(400);
    expect(((await json.json()) as { error: string }).error).toBe('invalid_request');
  });

  it('shows an error page, never a redirect, for an unregistered redirect_uri', async () => {
    const res = await fetch(authorizeUrl({ redirect_uri: 'https://evil.example/cb' }), {
      redirect: 'manual',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
  });

  it('redirects back with an error for plain PKCE and unknown organizations', async () => {
    const plain = await fetch(
      authorizeUrl({ code_challenge: 'x'.repeat(43), code_challenge_method: 'plain' }),
      { redirect: 'manual' },
    );
    expect(new URL(plain.headers.get('location') ?? '').searchParams.get('error')).toBe(
      'invalid_request',
    );
    const org = await fetch(authorizeUrl({ organization_id: 'org_999' }), { redirect: 'manual' });
    expect(new URL(org.headers.get('location') ?? '').searchParams.get('state')).toBe('st');
  });

  it('lists only the requested organization’s users and honours login_hint', async () => {
    const html = await (
      await fetch(
        authorizeUrl({ organization_id: 'org_20000000000000002', login_hint: 'admin@globex.test' }),
      )
    ).text();
    expect(html).toContain('admin@globex.test');
    expect(html).not.toContain('admin@acme.test');
    expect(html).toMatch(/value="admin@globex\.test" autofocus/);
    await expect(
      loginAtDevIdp(authorizeUrl({ organization_id: 'org_20000000000000002' }), 'admin@acme.test'),
    ).rejects.toThrow(/does not offer/);
  });

  it('refuses a login form posted without the page’s cookie', async () => {
    const html = await (await fetch(authorizeUrl())).text();
    const requestId = /name="request_id" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const res = await fetch(`${idp.url}/oauth/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ request_id: requestId, email: 'admin@acme.test' }).toString(),
    });
    expect(res.status).toBe(400);
  });

  it('answers prompt=none with login_required when there is no stand-in session', async () => {
    const callback = new URL(
      await loginAtDevIdp(authorizeUrl({ prompt: 'none' }), 'admin@acme.test'),
    );
    expect(callback.searchParams.get('error')).toBe('login_required');
    expect(callback.searchParams.get('state')).toBe('st');
  });

  it('logs out to a registered URI only, ending the session’s refresh tokens', async () => {
    const { body } = await exchange(await codeFor('admin@acme.test'));
    const q = new URLSearchParams({
      id_token_hint: String(body.id_token),
      post_logout_redirect_uri: AFTER_LOGOUT,
      state: 'bye',
    });
    const out = await fetch(`${idp.url}/oidc/logout?${q.toString()}`, { redirect: 'manual' });
    expect(out.status).toBe(302);
    expect(out.headers.get('location')).toBe(`${AFTER_LOGOUT}?state=bye`);
    expect(
      (
        await token({
          grant_type: 'refresh_token',
          refresh_token: String(body.refresh_token),
          ...app(),
        })
      ).body.error,
    ).toBe('invalid_grant');
    const evil = await fetch(
      `${idp.url}/oidc/logout?post_logout_redirect_uri=${encodeURIComponent('https://evil.example/')}`,
      { redirect: 'manual' },
    );
    expect(evil.status).toBe(400);
  });
});
