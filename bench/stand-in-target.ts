import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScalekitClient } from '@scalekit-sdk/node';
import { DevIdpHandle, startDevIdp } from '../src/dev-idp/dev-idp';
import { devIdpEnv, loginAtDevIdp } from '../test/helpers/dev-idp';

/**
 * The throughput phase's identity provider: the local Scalekit stand-in, so the bench measures
 * the service as it runs with Scalekit (bearer tokens from client credentials, a browser session
 * from a real login). Its `/keys` is reached through a counting proxy, so the bench can report
 * how often the service fetched the key set.
 */
export class StandInTarget {
  jwksFetches = 0;

  private constructor(
    private readonly idp: DevIdpHandle,
    private readonly proxy: Server,
    private readonly dataDir: string,
    private readonly appBaseUrl: string,
  ) {}

  static async start(appPort: number): Promise<StandInTarget> {
    const appBaseUrl = `http://127.0.0.1:${appPort}`;
    const dataDir = mkdtempSync(join(tmpdir(), 'bench-idp-'));
    const quiet = {
      info: () => undefined,
      warn: () => undefined,
      error: (m: string) => console.error(m),
    };
    const idp = await startDevIdp({
      port: 0,
      dataDir,
      logger: quiet,
      accessTokenTtlS: 3600,
      appRedirectUris: [`${appBaseUrl}/auth/callback`],
      appPostLogoutRedirectUris: [`${appBaseUrl}/`],
    });
    const target = new StandInTarget(idp, createServer(), dataDir, appBaseUrl);
    target.proxy.on('request', (req, res) => {
      if (req.url !== '/keys') return void res.writeHead(404).end();
      target.jwksFetches += 1;
      fetch(`${idp.url}/keys`)
        .then(async (upstream) =>
          res
            .writeHead(upstream.status, { 'content-type': 'application/json' })
            .end(await upstream.text()),
        )
        .catch(() => res.writeHead(502).end());
    });
    await new Promise<void>((resolve) => target.proxy.listen(0, '127.0.0.1', resolve));
    return target;
  }

  /** Environment of the service under test: Scalekit = the stand-in, key set through the proxy. */
  get appEnv(): Record<string, string> {
    const { port } = this.proxy.address() as AddressInfo;
    return {
      ...devIdpEnv(this.idp, this.appBaseUrl),
      AUTH_JWKS_URI: `http://127.0.0.1:${port}/keys`,
    };
  }

  /** What a peer verifies the stand-in's client tokens with: the same issuer, audience and keys. */
  get peerEnv(): Record<string, string> {
    return {
      PEER_ISSUER: this.idp.url,
      PEER_AUDIENCE: this.appBaseUrl,
      PEER_JWKS_URI: `${this.idp.url}/keys`,
    };
  }

  /**
   * Registers an API client with `read:deployments` through the real SDK, as an org admin would,
   * and fetches its access token with the client-credentials grant.
   */
  async clientToken(): Promise<string> {
    const sdk = new ScalekitClient(
      this.idp.url,
      this.idp.appClient.clientId,
      this.idp.appClient.clientSecret,
    );
    const organizationId = this.idp.organizations[0]?.id ?? '';
    const created = await sdk.m2m.createOrganizationClient(organizationId, {
      name: 'bench client',
      description: 'npm run bench',
      scopes: ['read:deployments'],
      audience: [this.appBaseUrl],
      customClaims: {},
    });
    const response = await fetch(`${this.idp.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: created.client?.clientId ?? '',
        client_secret: created.plainSecret,
      }),
    });
    const body = (await response.json()) as { access_token?: string };
    if (!body.access_token) throw new Error(`client_credentials failed: ${response.status}`);
    return body.access_token;
  }

  /** Signs the seeded org admin in through the service's own /login and returns the session cookie header. */
  async sessionCookie(email = 'admin@acme.test'): Promise<string> {
    const start = await fetch(`${this.appBaseUrl}/login?next=/dashboard`, { redirect: 'manual' });
    const authorizeUrl = start.headers.get('location');
    if (start.status !== 302 || !authorizeUrl) throw new Error(`/login answered ${start.status}`);
    const preLogin = cookieHeader(start.headers.getSetCookie());
    const callbackUrl = await loginAtDevIdp(authorizeUrl, email);
    const done = await fetch(callbackUrl, {
      redirect: 'manual',
      headers: preLogin ? { cookie: preLogin } : {},
    });
    const session = cookieHeader(done.headers.getSetCookie());
    if (done.status !== 302 || !session) throw new Error(`/auth/callback answered ${done.status}`);
    return session;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.proxy.close(() => resolve()));
    await this.idp.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/** `name=value; name2=value2` from Set-Cookie lines, leaving out cookies being cleared. */
function cookieHeader(setCookies: readonly string[]): string {
  return setCookies
    .map((line) => line.split(';')[0] ?? '')
    .filter((pair) => pair.includes('=') && !pair.endsWith('='))
    .join('; ');
}
