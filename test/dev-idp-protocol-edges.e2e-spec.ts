import { createHash, randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { loginAtDevIdp, startTestDevIdp, type DevIdpHandle } from './helpers/dev-idp';

const REDIRECT = 'http://127.0.0.1:3998/auth/callback';

type TokenAnswer = { status: number; body: Record<string, unknown> };

/** Protocol edges of the stand-in that the main OAuth suite does not reach. */
describe('dev-idp protocol edges', () => {
  let idp: DevIdpHandle;

  const post = async (params: Record<string, string>, headers: Record<string, string> = {}) => {
    const res = await fetch(`${idp.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(params).toString(),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const app = () => ({
    client_id: idp.appClient.clientId,
    client_secret: idp.appClient.clientSecret,
  });
  const basic = (id: string, secret: string) =>
    `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
  const authorizeUrl = (extra: Record<string, string> = {}) =>
    `${idp.url}/oauth/authorize?${new URLSearchParams({
      response_type: 'code',
      client_id: idp.appClient.clientId,
      redirect_uri: REDIRECT,
      scope: 'openid email offline_access',
      state: 'st',
      ...extra,
    }).toString()}`;
  const codeFor = async (extra: Record<string, string> = {}) =>
    new URL(await loginAtDevIdp(authorizeUrl(extra), 'admin@acme.test')).searchParams.get('code') ??
    '';
  const redeem = (code: string, extra: Record<string, string> = {}): Promise<TokenAnswer> =>
    post({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, ...extra, ...app() });

  beforeAll(async () => {
    idp = await startTestDevIdp({ appRedirectUris: [REDIRECT] });
  });
  afterAll(() => idp.stop());

  it('revokes the refresh token of a code redeemed twice at the same moment', async () => {
    for (let round = 0; round < 3; round += 1) {
      const code = await codeFor();
      const answers = await Promise.all([redeem(code), redeem(code)]);
      const granted = answers.filter((a) => a.status === 200);
      expect(granted).toHaveLength(1);
      const refreshed = await post({
        grant_type: 'refresh_token',
        refresh_token: String(granted[0]?.body.refresh_token),
        ...app(),
      });
      expect(refreshed.body.error).toBe('invalid_grant');
    }
  });

  it('refuses a code_verifier for a code issued without a code_challenge', async () => {
    const answer = await redeem(await codeFor(), { code_verifier: 'v'.repeat(43) });
    expect(answer).toEqual({
      status: 400,
      body: expect.objectContaining({ error: 'invalid_grant' }),
    });
  });

  it('signs ID tokens with nonce, aud = app client and an at_hash of the access token', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const code = await codeFor({
      nonce: 'n-1',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    const { body } = await redeem(code, { code_verifier: verifier });
    const { payload } = await jwtVerify(
      String(body.id_token),
      createRemoteJWKSet(new URL(`${idp.url}/keys`)),
      { issuer: idp.url, audience: idp.appClient.clientId },
    );
    const digest = createHash('sha256').update(String(body.access_token)).digest();
    expect(payload).toMatchObject({
      nonce: 'n-1',
      aud: [idp.appClient.clientId],
      at_hash: digest.subarray(0, 16).toString('base64url'),
    });
  });

  it('accepts client_secret_basic and refuses broken or doubled client authentication', async () => {
    const { clientId, clientSecret } = idp.appClient;
    const grant = { grant_type: 'client_credentials' };
    expect((await post(grant, { authorization: basic(clientId, clientSecret) })).status).toBe(200);
    expect(await post(grant, { authorization: basic(clientId, 'wrong') })).toEqual({
      status: 401,
      body: expect.objectContaining({ error: 'invalid_client' }),
    });
    // A broken %-escape in the form-encoded id is the client's mistake, not a 500.
    expect(await post(grant, { authorization: basic(`${clientId}%`, clientSecret) })).toEqual({
      status: 401,
      body: expect.objectContaining({ error: 'invalid_client' }),
    });
    const both = await post(
      { ...grant, ...app() },
      { authorization: basic(clientId, clientSecret) },
    );
    expect(both).toEqual({
      status: 400,
      body: expect.objectContaining({ error: 'invalid_request' }),
    });
  });

  it('sends a Basic challenge with every invalid_client 401, whichever way the client authenticated', async () => {
    const { clientId, clientSecret } = idp.appClient;
    const grant = { grant_type: 'client_credentials' };
    const refusals: [string, Record<string, string>, Record<string, string>][] = [
      ['client_secret_basic, wrong secret', grant, { authorization: basic(clientId, 'wrong') }],
      ['Basic, unknown client', grant, { authorization: basic('skc_1', 'x') }],
      ['Basic, broken escape', grant, { authorization: basic(`${clientId}%`, clientSecret) }],
      ['another scheme', grant, { authorization: 'Bearer abc' }],
      [
        'client_secret_post, wrong secret',
        { ...grant, client_id: clientId, client_secret: 'x' },
        {},
      ],
      [
        'client_secret_post, user grant',
        {
          grant_type: 'refresh_token',
          refresh_token: 'r',
          client_id: clientId,
          client_secret: 'x',
        },
        {},
      ],
      ['no client authentication', grant, {}],
    ];
    for (const [name, params, headers] of refusals) {
      const res = await fetch(`${idp.url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams(params).toString(),
      });
      expect({ name, status: res.status, challenge: res.headers.get('www-authenticate') }).toEqual({
        name,
        status: 401,
        challenge: 'Basic realm="dev-idp", charset="UTF-8"',
      });
      expect(((await res.json()) as { error: string }).error).toBe('invalid_client');
    }
    const badGrant = await fetch(`${idp.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'r', ...app() }),
    });
    expect(badGrant.status).toBe(400);
    expect(badGrant.headers.get('www-authenticate')).toBeNull();
  });

  it('ignores a cookie with a broken %-escape instead of failing', async () => {
    const res = await fetch(authorizeUrl({ prompt: 'none' }), {
      redirect: 'manual',
      headers: { cookie: 'devidp_session=%E0%A4%A; other=1' },
    });
    expect(res.status).toBe(302);
    expect(new URL(res.headers.get('location') ?? '').searchParams.get('error')).toBe(
      'login_required',
    );
  });

  it('escapes what it reflects on the error page', async () => {
    const res = await fetch(
      authorizeUrl({ redirect_uri: 'https://x.test/"><script>alert(1)</script>' }),
      {
        redirect: 'manual',
      },
    );
    const html = await res.text();
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(html).not.toContain('<script>');
    expect(html).toContain('&#60;script&#62;');
  });

  it('answers a request target it cannot parse with 400 and keeps serving', async () => {
    const port = Number(new URL(idp.url).port);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () =>
        socket.write('GET http://[ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'),
      );
      let received = '';
      socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
      socket.on('end', () => resolve(received));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toContain('invalid_request');
    expect((await fetch(`${idp.url}/health`)).status).toBe(200);
  });
});
