import { createServer, type Server, type Socket } from 'node:net';
import { createHash, randomBytes } from 'node:crypto';
import { decodeJwt } from 'jose';
import { Logger } from '@nestjs/common';
import { parseScalekitConfig, type ScalekitConfig } from '../src/config/scalekit.config';
import { ScalekitSdkService } from '../src/scalekit/scalekit-sdk.service';
import {
  ScalekitInvalidArgumentError,
  ScalekitInvalidGrantError,
  ScalekitNotFoundError,
  ScalekitTimeoutError,
  ScalekitUnauthenticatedError,
  ScalekitUnavailableError,
} from '../src/scalekit/scalekit.errors';
import { loginAtDevIdp, startTestDevIdp, type DevIdpHandle } from './helpers/dev-idp';

Logger.overrideLogger(false);

const BASE = 'http://127.0.0.1:3999';
const ACME = 'org_10000000000000001';

function configFor(
  url: string,
  clientId: string,
  clientSecret: string,
  timeoutMs = 3000,
): ScalekitConfig {
  const parsed = parseScalekitConfig(
    {
      SCALEKIT_ENVIRONMENT_URL: url,
      SCALEKIT_CLIENT_ID: clientId,
      SCALEKIT_CLIENT_SECRET: clientSecret,
      SCALEKIT_TIMEOUT_MS: String(timeoutMs),
    },
    BASE,
  );
  if (!parsed.ok || !parsed.value) throw new Error('bad test config');
  return parsed.value;
}

async function clientCredentials(idp: DevIdpHandle, clientId: string, clientSecret: string) {
  const res = await fetch(`${idp.url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
    }).toString(),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('ScalekitSdkService through @scalekit-sdk/node against the stand-in', () => {
  let idp: DevIdpHandle;
  let port: ScalekitSdkService;

  beforeAll(async () => {
    idp = await startTestDevIdp({
      appRedirectUris: [`${BASE}/auth/callback`],
      appPostLogoutRedirectUris: [`${BASE}/`],
    });
    port = new ScalekitSdkService(
      configFor(idp.url, idp.appClient.clientId, idp.appClient.clientSecret),
    );
  });
  afterAll(() => idp.stop());

  it('runs the login flow: authorization URL, code exchange, refresh, logout URL', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const url = port.authorizationUrl({
      redirectUri: `${BASE}/auth/callback`,
      state: 'st',
      nonce: 'nn',
      codeChallenge: createHash('sha256').update(verifier).digest('base64url'),
      scopes: ['openid', 'profile', 'email', 'offline_access'],
      loginHint: 'member@acme.test',
      organizationId: ACME,
    });
    expect(url.startsWith(`${idp.url}/oauth/authorize?`)).toBe(true);
    const code =
      new URL(await loginAtDevIdp(url, 'member@acme.test')).searchParams.get('code') ?? '';
    const tokens = await port.exchangeCode(code, `${BASE}/auth/callback`, verifier);
    expect(tokens).toEqual({
      accessToken: expect.any(String),
      refreshToken: expect.any(String),
      idToken: expect.any(String),
      expiresIn: 300,
    });
    const refreshed = await port.refresh(tokens.refreshToken ?? '');
    expect(refreshed.refreshToken).not.toBe(tokens.refreshToken);
    expect(refreshed.expiresIn).toBeGreaterThan(290);
    const logout = new URL(
      port.logoutUrl({
        idTokenHint: tokens.idToken,
        postLogoutRedirectUri: `${BASE}/`,
        state: 'x',
      }),
    );
    expect(`${logout.origin}${logout.pathname}`).toBe(`${idp.url}/oidc/logout`);
  });

  it('maps token-endpoint refusals to ScalekitInvalidGrantError', async () => {
    await expect(
      port.exchangeCode('nope', `${BASE}/auth/callback`, 'v'.repeat(43)),
    ).rejects.toMatchObject({
      kind: 'invalid_grant',
      oauthError: 'invalid_grant',
    });
    await expect(port.refresh('nope')).rejects.toBeInstanceOf(ScalekitInvalidGrantError);
  });

  it('creates, lists, gets, updates and deletes API clients in plain types', async () => {
    const created = await port.createClient(ACME, {
      name: 'ci',
      description: 'deploys',
      scopes: ['deploy:write'],
      audience: [BASE],
      customClaims: { team: 'ops' },
    });
    const { client } = created;
    expect(client).toMatchObject({
      organizationId: ACME,
      name: 'ci',
      scopes: ['deploy:write'],
      customClaims: { team: 'ops' },
      expirySeconds: undefined,
    });
    expect(client.clientId).toMatch(/^m2morg_\d+$/);
    expect(client.secrets[0]).toMatchObject({
      id: expect.stringMatching(/^sks_\d+$/),
      status: 'active',
      suffix: created.plainSecret.slice(-4),
    });
    expect(new Date(client.createdAt ?? '').toISOString()).toBe(client.createdAt);

    const m2m = await clientCredentials(idp, client.clientId, created.plainSecret);
    expect(m2m.body).toMatchObject({ token_type: 'Bearer', scope: 'deploy:write' });
    expect(decodeJwt(String(m2m.body.access_token))).toMatchObject({
      sub: client.clientId,
      client_id: client.clientId,
      oid: ACME,
      scopes: ['deploy:write'],
      aud: [BASE],
      team: 'ops',
    });

    await port.createClient(ACME, { name: 'second', scopes: [] });
    const page = await port.listClients(ACME, { pageSize: 1 });
    expect(page).toMatchObject({
      totalSize: 2,
      prevPageToken: undefined,
      nextPageToken: expect.any(String),
    });
    const next = await port.listClients(ACME, { pageSize: 1, pageToken: page.nextPageToken });
    expect(next.clients[0]?.name).toBe('second');
    expect(next.nextPageToken).toBeUndefined();

    const updated = await port.updateClient(ACME, client.clientId, { name: 'ci-renamed' });
    expect(updated).toMatchObject({
      name: 'ci-renamed',
      scopes: ['deploy:write'],
      description: 'deploys',
    });
    expect((await port.getClient(ACME, client.clientId)).name).toBe('ci-renamed');

    await port.deleteClient(ACME, client.clientId);
    await expect(port.getClient(ACME, client.clientId)).rejects.toBeInstanceOf(
      ScalekitNotFoundError,
    );
    expect((await clientCredentials(idp, client.clientId, created.plainSecret)).body.error).toBe(
      'invalid_client',
    );
  });

  it('sets the token lifetime on create and update, which the SDK helper alone cannot', async () => {
    const lifetimeOf = async (clientId: string, secret: string): Promise<number> => {
      const claims = decodeJwt(
        String((await clientCredentials(idp, clientId, secret)).body.access_token),
      );
      return Number(claims.exp) - Number(claims.iat);
    };
    const { client, plainSecret } = await port.createClient(ACME, {
      name: 'short-lived',
      scopes: ['a'],
      expirySeconds: 600,
    });
    expect(client.expirySeconds).toBe(600);
    expect((await port.getClient(ACME, client.clientId)).expirySeconds).toBe(600);
    expect(await lifetimeOf(client.clientId, plainSecret)).toBe(600);

    const updated = await port.updateClient(ACME, client.clientId, { expirySeconds: 1200 });
    expect(updated).toMatchObject({ name: 'short-lived', scopes: ['a'], expirySeconds: 1200 });
    expect(await lifetimeOf(client.clientId, plainSecret)).toBe(1200);

    // A patch without a lifetime leaves it as it is.
    await port.updateClient(ACME, client.clientId, { name: 'renamed' });
    expect((await port.getClient(ACME, client.clientId)).expirySeconds).toBe(1200);
  });

  it('rotates a secret: the removed one is refused at the token endpoint', async () => {
    const { client, plainSecret: oldSecret } = await port.createClient(ACME, {
      name: 'rotating',
      scopes: ['a'],
    });
    const added = await port.addSecret(ACME, client.clientId);
    expect(added.secret).toMatchObject({
      id: expect.stringMatching(/^sks_\d+$/),
      suffix: added.plainSecret.slice(-4),
    });
    await port.removeSecret(ACME, client.clientId, client.secrets[0]?.id ?? '');
    expect(await clientCredentials(idp, client.clientId, oldSecret)).toEqual({
      status: 401,
      body: expect.objectContaining({ error: 'invalid_client' }),
    });
    expect((await clientCredentials(idp, client.clientId, added.plainSecret)).status).toBe(200);
    await expect(port.removeSecret(ACME, client.clientId, 'sks_1')).rejects.toBeInstanceOf(
      ScalekitNotFoundError,
    );
  });

  it("reads an organization's display name (OrganizationService.GetOrganization)", async () => {
    await expect(port.organizationName(ACME)).resolves.toBe('Acme');
    await expect(port.organizationName('org_20000000000000002')).resolves.toBe('Globex');
    await expect(port.organizationName('org_404')).rejects.toBeInstanceOf(ScalekitNotFoundError);
  });

  it('maps NOT_FOUND and INVALID_ARGUMENT', async () => {
    await expect(port.getClient(ACME, 'm2morg_1')).rejects.toBeInstanceOf(ScalekitNotFoundError);
    await expect(port.listClients('org_1', {})).rejects.toBeInstanceOf(ScalekitNotFoundError);
    await expect(
      port.createClient(ACME, { name: 'bad', scopes: ['has space'] }),
    ).rejects.toBeInstanceOf(ScalekitInvalidArgumentError);
  });

  it('maps a refused admin secret to ScalekitUnauthenticatedError', async () => {
    const wrong = new ScalekitSdkService(
      configFor(idp.url, idp.appClient.clientId, 'wrong-secret'),
    );
    await expect(wrong.listClients(ACME, {})).rejects.toBeInstanceOf(ScalekitUnauthenticatedError);
  });
});

describe('ScalekitSdkService when the stand-in is down or hangs', () => {
  it('reports unavailable within the configured timeout when nothing listens', async () => {
    const idp = await startTestDevIdp();
    const { url, appClient } = idp;
    await idp.stop();
    const port = new ScalekitSdkService(
      configFor(url, appClient.clientId, appClient.clientSecret, 1000),
    );
    const started = Date.now();
    await expect(port.getClient(ACME, 'm2morg_1')).rejects.toBeInstanceOf(ScalekitUnavailableError);
    await expect(port.exchangeCode('c', `${BASE}/auth/callback`, 'v')).rejects.toBeInstanceOf(
      ScalekitUnavailableError,
    );
    expect(Date.now() - started).toBeLessThan(2 * 1000 + 600);
  });

  it('reports a timeout when the server accepts but never answers', async () => {
    const sockets = new Set<Socket>();
    const hanging: Server = createServer((s) => sockets.add(s));
    await new Promise<void>((r) => hanging.listen(0, '127.0.0.1', r));
    const address = hanging.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    try {
      const port = new ScalekitSdkService(configFor(url, 'skc_1', 'secret', 600));
      const started = Date.now();
      await expect(port.listClients(ACME, {})).rejects.toBeInstanceOf(ScalekitTimeoutError);
      await expect(port.refresh('rt')).rejects.toBeInstanceOf(ScalekitTimeoutError);
      expect(Date.now() - started).toBeLessThan(2 * 600 + 800);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((r) => hanging.close(r));
    }
  });
});
