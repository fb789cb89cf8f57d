import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { exportJWK, generateKeyPair, JWK, SignJWT } from 'jose';
import request from 'supertest';
import {
  devIdpEnv,
  loginAtDevIdp,
  signInAtDevIdp,
  startTestDevIdp,
  type DevIdpHandle,
  type DevIdpOptions,
} from './dev-idp';
import { freePort } from './free-port';
import { createTestApp, type TestApp } from './test-app';

export type StoreKind = 'file' | 'redis';

/** Every session suite runs once per store. */
export const STORE_KINDS: readonly StoreKind[] = ['file', 'redis'];

/** The shared Redis of the test environment (CI and local). */
export const TEST_REDIS_URL = 'redis://127.0.0.1:6379';

/**
 * A tiny cookie jar for HTTP-level tests: keeps what `Set-Cookie` headers say (name=value,
 * removal by Max-Age=0 or a past Expires) and sends it back in `Cookie`.
 */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  store(setCookie: string | string[] | undefined): this {
    for (const line of typeof setCookie === 'string' ? [setCookie] : (setCookie ?? [])) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const removed = attributes.some((a) => {
        const [key = '', value = ''] = a.trim().split('=');
        return (
          (key.toLowerCase() === 'max-age' && Number(value) <= 0) ||
          (key.toLowerCase() === 'expires' && Date.parse(value) < Date.now())
        );
      });
      if (removed) this.cookies.delete(name);
      else this.cookies.set(name, pair.slice(eq + 1).trim());
    }
    return this;
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }

  set(name: string, value: string): this {
    this.cookies.set(name, value);
    return this;
  }

  delete(name: string): this {
    this.cookies.delete(name);
    return this;
  }

  header(): string {
    return [...this.cookies].map(([n, v]) => `${n}=${v}`).join('; ');
  }

  clone(): CookieJar {
    const copy = new CookieJar();
    for (const [n, v] of this.cookies) copy.set(n, v);
    return copy;
  }
}

/** The variables selecting a store; Redis keys get a prefix unique to this test run. */
export function sessionStoreEnv(
  kind: StoreKind,
  dataDir: string,
  prefix: string,
): Record<string, string> {
  return kind === 'redis'
    ? {
        REDIS_URL: TEST_REDIS_URL,
        REDIS_KEY_PREFIX: prefix,
        ADMIN_IDEMPOTENCY_SECRET: 'x'.repeat(32),
      }
    : { SESSION_DATA_DIR: dataDir };
}

/** Removes every Redis key of a test run's prefix. */
export async function deleteRedisPrefix(prefix: string, url = TEST_REDIS_URL): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** A store's scratch space: a data directory and a Redis prefix, both unique, both removed by `dispose`. */
export interface StoreScratch {
  readonly dataDir: string;
  readonly prefix: string;
  env(kind: StoreKind): Record<string, string>;
  dispose(): Promise<void>;
}

export function storeScratch(): StoreScratch {
  const dataDir = mkdtempSync(join(tmpdir(), 'session-test-'));
  const prefix = `test-session-${randomBytes(6).toString('hex')}:`;
  return {
    dataDir,
    prefix,
    env: (kind) => sessionStoreEnv(kind, dataDir, prefix),
    dispose: async () => {
      rmSync(dataDir, { recursive: true, force: true });
      await deleteRedisPrefix(prefix).catch(() => undefined);
    },
  };
}

/** The app and the Scalekit stand-in it signs in at. */
export interface SessionTestbed {
  readonly app: TestApp;
  readonly idp: DevIdpHandle;
  readonly url: string;
  /** Starts another instance of the app on the same stand-in and store (multi-instance tests). */
  startAnother(env?: Record<string, string>): Promise<TestApp>;
  close(): Promise<void>;
}

/** Boots the stand-in and the app with the store of `kind`; `env` adds or overrides variables. */
export async function startSessionTestbed(
  kind: StoreKind,
  scratch: StoreScratch,
  env: Record<string, string> = {},
  idpOptions: DevIdpOptions = {},
): Promise<SessionTestbed> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const idp = await startTestDevIdp({
    appRedirectUris: [`${url}/auth/callback`],
    appPostLogoutRedirectUris: [`${url}/`],
    appInitiateLoginUri: `${url}/login`,
    appWebhookUrl: `${url}/webhooks/scalekit`,
    appBackchannelLogoutUri: `${url}/auth/backchannel-logout`,
    ...idpOptions,
  });
  const baseEnv = { ...devIdpEnv(idp, url), ...scratch.env(kind), ...env };
  const app = await createTestApp({ PORT: String(port), ...baseEnv });
  const others: TestApp[] = [];
  return {
    app,
    idp,
    url,
    startAnother: async (extra = {}) => {
      const other = await createTestApp({ ...baseEnv, ...extra });
      others.push(other);
      return other;
    },
    close: async () => {
      for (const other of others) await other.close();
      await app.close();
      await idp.stop();
    },
  };
}

/** Path and query of an absolute URL (supertest wants paths). */
export function pathOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
}

/** `GET /login` with the jar; returns the authorization URL the app redirected to. */
export async function startLogin(appUrl: string, jar: CookieJar, next?: string): Promise<string> {
  const query = next === undefined ? '' : `?next=${encodeURIComponent(next)}`;
  const res = await request(appUrl).get(`/login${query}`).set('Cookie', jar.header());
  if (res.status !== 302) throw new Error(`/login answered ${res.status}: ${res.text}`);
  jar.store(res.headers['set-cookie']);
  return String(res.headers.location);
}

/** Calls the app's callback URL with the jar, keeping the cookies it sets. */
export async function finishLogin(
  appUrl: string,
  jar: CookieJar,
  callbackUrl: string,
): Promise<request.Response> {
  const res = await request(appUrl).get(pathOf(callbackUrl)).set('Cookie', jar.header());
  jar.store(res.headers['set-cookie']);
  return res;
}

/** Signs `email` in through the stand-in: `/login`, the stand-in's page, `/auth/callback`. */
export async function signIn(
  appUrl: string,
  email: string,
  jar = new CookieJar(),
  next?: string,
): Promise<request.Response> {
  const authorizeUrl = await startLogin(appUrl, jar, next);
  return finishLogin(appUrl, jar, await loginAtDevIdp(authorizeUrl, email));
}

/**
 * The testbed of one `describe` block: started in `beforeAll`, closed (with its scratch store) in
 * `afterAll`. Read `bed()` inside tests, once it has started.
 */
export function useSessionTestbed(
  kind: StoreKind,
  env: Record<string, string> = {},
): () => SessionTestbed {
  let scratch: StoreScratch | undefined;
  let bed: SessionTestbed | undefined;
  beforeAll(async () => {
    scratch = storeScratch();
    bed = await startSessionTestbed(kind, scratch, { SESSION_RATE_LIMIT: '1000', ...env });
  });
  afterAll(async () => {
    await bed?.close();
    await scratch?.dispose();
  });
  return () => {
    if (!bed) throw new Error('the session testbed has not started');
    return bed;
  };
}

/** A fresh browser signed in at the app: its app cookies, and its session cookie at the stand-in. */
export async function browserSignedIn(
  appUrl: string,
  email: string,
): Promise<{ jar: CookieJar; idpCookie: string }> {
  const jar = new CookieJar();
  const { location, sessionCookie } = await signInAtDevIdp(await startLogin(appUrl, jar), email);
  await finishLogin(appUrl, jar, location);
  return { jar, idpCookie: sessionCookie ?? '' };
}

/** Whether the jar's session still opens the dashboard. */
export async function isSignedIn(appUrl: string, jar: CookieJar): Promise<boolean> {
  return (await request(appUrl).get('/dashboard').set('Cookie', jar.header())).status === 200;
}

/** Polls `check` for up to a second: for effects that arrive after an answer (webhooks, logouts). */
export async function eventually(check: () => Promise<boolean>): Promise<boolean> {
  for (let i = 0; i < 50; i++) {
    if (await check()) return true;
    await sleep(20);
  }
  return false;
}

/** The CSRF token of the jar's session (`GET /sessions` as JSON). */
export async function csrfTokenOf(appUrl: string, jar: CookieJar): Promise<string> {
  const res = await request(appUrl)
    .get('/sessions')
    .set('Accept', 'application/json')
    .set('Cookie', jar.header());
  if (res.status !== 200) throw new Error(`/sessions answered ${res.status}`);
  return String(res.body.csrfToken);
}

export const SESSION_COOKIE = 'app_session';
export const LOGIN_COOKIE = 'app_login';

type SigningKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

/** Changes the fake makes to the next ID token it issues (to forge bad ones). */
export interface IdTokenForgery {
  readonly claims?: Record<string, unknown>;
  /** Sign with a key that is not published (under the published key's `kid`). */
  readonly foreignKey?: boolean;
}

/**
 * A minimal Scalekit-shaped OIDC provider for what the stand-in cannot do on purpose: forged ID
 * tokens, counted and delayed refreshes. `/oauth/authorize` answers at once with a code,
 * `/oauth/token` serves the code and refresh grants (refresh tokens rotate; reuse is refused),
 * `/keys` publishes one RS256 key.
 */
export class FakeOidcProvider {
  readonly clientId = 'skc_900000000000000001';
  readonly clientSecret = 'sks_900000000000000001';
  /** Lifetime of issued access tokens. */
  accessTokenTtlS = 300;
  /** Delay of every token answer, to widen races. */
  tokenDelayMs = 0;
  refreshCalls = 0;
  forgery: IdTokenForgery | undefined;
  /** Issue opaque (non-JWT) access tokens, as some providers do. */
  opaqueAccessTokens = false;
  /** Where the key set is published (Scalekit: `/keys`; other providers elsewhere). */
  jwksPath = '/keys';
  /** Fields every token answer leaves out (`id_token`, `refresh_token`...), to break the protocol. */
  omitted: readonly string[] = [];
  private readonly codes = new Map<string, { nonce: string | null }>();
  private readonly refreshTokens = new Map<string, boolean>();
  private server!: Server;
  private key!: SigningKey;
  private foreignKey!: SigningKey;
  private jwk!: JWK;

  static async start(): Promise<FakeOidcProvider> {
    const fake = new FakeOidcProvider();
    fake.foreignKey = (await generateKeyPair('RS256', { extractable: true })).privateKey;
    const published = await generateKeyPair('RS256', { extractable: true });
    fake.key = published.privateKey;
    fake.jwk = {
      ...(await exportJWK(published.publicKey)),
      kid: 'fake-key-1',
      alg: 'RS256',
      use: 'sig',
    };
    fake.server = createServer((req, res) => void fake.handle(req, res));
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The app's environment pointing at this provider. */
  env(): Record<string, string> {
    return {
      SCALEKIT_ENVIRONMENT_URL: this.url,
      SCALEKIT_CLIENT_ID: this.clientId,
      SCALEKIT_CLIENT_SECRET: this.clientSecret,
      AUTH_AUDIENCE: this.clientId,
    };
  }

  /** Follows the authorization URL the app produced; returns the app callback URL with code and state. */
  async authorize(authorizeUrl: string): Promise<string> {
    const res = await fetch(authorizeUrl, { redirect: 'manual' });
    const location = res.headers.get('location');
    if (res.status !== 302 || !location) throw new Error(`fake authorize answered ${res.status}`);
    return location;
  }

  /** Revokes every refresh token issued so far. */
  revokeRefreshTokens(): void {
    for (const token of this.refreshTokens.keys()) this.refreshTokens.set(token, true);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // No keep-alive: idle client sockets would keep Jest waiting after the tests.
    res.setHeader('connection', 'close');
    const url = new URL(req.url ?? '/', this.url);
    if (url.pathname === this.jwksPath) return json(res, 200, { keys: [this.jwk] });
    if (url.pathname === '/oauth/authorize') {
      const code = randomBytes(16).toString('hex');
      this.codes.set(code, { nonce: url.searchParams.get('nonce') });
      const back = new URL(url.searchParams.get('redirect_uri') ?? '');
      back.searchParams.set('code', code);
      back.searchParams.set('state', url.searchParams.get('state') ?? '');
      res.writeHead(302, { location: back.toString() }).end();
      return;
    }
    if (url.pathname !== '/oauth/token' || req.method !== 'POST')
      return json(res, 404, { error: 'not_found' });
    const form = new URLSearchParams(await bodyOf(req));
    await sleep(this.tokenDelayMs);
    if (form.get('grant_type') === 'authorization_code') return this.codeGrant(res, form);
    if (form.get('grant_type') === 'refresh_token') return this.refreshGrant(res, form);
    return json(res, 400, { error: 'unsupported_grant_type' });
  }

  private async codeGrant(res: ServerResponse, form: URLSearchParams): Promise<void> {
    const code = this.codes.get(form.get('code') ?? '');
    if (!code) return json(res, 400, { error: 'invalid_grant' });
    this.codes.delete(form.get('code') ?? '');
    const forgery = this.forgery;
    this.forgery = undefined;
    const idClaims = {
      aud: [this.clientId],
      azp: this.clientId,
      email: 'fake.user@acme.test',
      given_name: 'Fake',
      family_name: 'User',
      ...(code.nonce !== null && { nonce: code.nonce }),
      ...forgery?.claims,
    };
    const idToken = await this.sign(idClaims, forgery?.foreignKey ? this.foreignKey : this.key);
    return json(res, 200, this.without({ ...(await this.tokenResponse()), id_token: idToken }));
  }

  private async refreshGrant(res: ServerResponse, form: URLSearchParams): Promise<void> {
    this.refreshCalls++;
    const token = form.get('refresh_token') ?? '';
    if (this.refreshTokens.get(token) !== false) return json(res, 400, { error: 'invalid_grant' });
    // Rotation: the presented token is used up only when a new one goes back with an access
    // token; a provider that sends none keeps the old one valid (RFC 6749 section 6).
    if (!this.omitted.includes('refresh_token') && !this.omitted.includes('access_token'))
      this.refreshTokens.set(token, true);
    return json(res, 200, this.without(await this.tokenResponse()));
  }

  private without(answer: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(Object.entries(answer).filter(([k]) => !this.omitted.includes(k)));
  }

  private async tokenResponse(): Promise<Record<string, unknown>> {
    const refreshToken = randomBytes(24).toString('base64url');
    this.refreshTokens.set(refreshToken, false);
    const accessToken = await this.sign(
      {
        aud: [this.clientId],
        client_id: this.clientId,
        sid: 'ses_900000000000000001',
        oid: 'org_900000000000000001',
        roles: ['admin'],
        permissions: ['organization:settings'],
      },
      this.key,
    );
    return {
      access_token: this.opaqueAccessTokens ? randomBytes(32).toString('hex') : accessToken,
      token_type: 'Bearer',
      expires_in: this.accessTokenTtlS,
      refresh_token: refreshToken,
    };
  }

  private sign(claims: Record<string, unknown>, key: SigningKey): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const payload = {
      iss: this.url,
      sub: 'usr_900000000000000001',
      iat: now,
      exp: now + this.accessTokenTtlS,
      ...claims,
    };
    for (const [name, value] of Object.entries(payload))
      if (value === undefined) delete (payload as Record<string, unknown>)[name];
    return new SignJWT(payload)
      .setProtectedHeader({ alg: 'RS256', kid: 'fake-key-1', typ: 'JWT' })
      .sign(key);
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The fake's login: `/login`, the fake's instant authorize, `/auth/callback`. */
export async function signInAtFake(
  appUrl: string,
  fake: FakeOidcProvider,
  jar = new CookieJar(),
): Promise<request.Response> {
  return finishLogin(appUrl, jar, await fake.authorize(await startLogin(appUrl, jar)));
}
