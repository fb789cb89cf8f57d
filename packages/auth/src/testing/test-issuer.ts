import {
  constants,
  generateKeyPair as generateKeyPairCallback,
  JsonWebKey,
  KeyObject,
  randomUUID,
  sign,
} from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import type { AuthModuleOptions } from '../auth-options';

const generateKeyPair = promisify(generateKeyPairCallback);

/** Algorithms a {@link TestIssuer} signs with. */
export type TestAlgorithm = 'RS256' | 'PS256' | 'ES256';

/** One signing key pair of the issuer. */
export interface TestKey {
  readonly kid: string;
  readonly alg: TestAlgorithm;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  /** The public JWK as published (with `kid`, `alg`, `use: sig`). */
  readonly jwk: JsonWebKey;
  /** The public key as SPKI PEM (what an "HS256 with the public key as secret" attack signs with). */
  readonly publicPem: string;
}

/**
 * How the JWKS endpoint misbehaves: `error` answers 503, `drop` closes the connection without an
 * answer, `hang` never answers. `none` serves the keys.
 */
export type JwksOutage = 'none' | 'error' | 'drop' | 'hang';

export interface TestIssuerOptions {
  /** `aud` of minted tokens, and the audience {@link TestIssuer.authOptions} accepts. Default `https://api.test`. */
  readonly audience?: string;
  /** Algorithm of the first key. Default RS256. */
  readonly alg?: TestAlgorithm;
}

/** What {@link TestIssuer.mint} can change besides the claims. */
export interface MintOptions {
  /** Lifetime in seconds from now (`exp`); negative for an expired token. Default 3600. */
  readonly expiresIn?: number;
  /** Sign with this published key (by `kid`) instead of the current one. */
  readonly kid?: string;
  /** Sign with a fresh key of this algorithm that is published first (the current key is kept). */
  readonly alg?: TestAlgorithm;
  /** Sign with this key, published or not (an unpublished one is an attacker's). */
  readonly key?: TestKey;
  /** Extra or overriding protected-header fields. */
  readonly header?: Readonly<Record<string, unknown>>;
  /** Default claims to leave out, e.g. `['exp']`. */
  readonly omit?: readonly string[];
}

/** A Scalekit user access token's claims, as an app signed in through Scalekit receives it. */
export interface UserTokenClaims {
  /** `usr_...`. Default `usr_100`. */
  readonly sub?: string;
  /** Organization (`oid`, `org_...`). */
  readonly organizationId?: string;
  readonly permissions?: readonly string[];
  readonly roles?: readonly string[];
  /** Session id (`sid`); every user token has one. Default a fresh `ses_...`. */
  readonly sessionId?: string;
  /** The application the user signed in to (`client_id`). Default `skc_test`. */
  readonly clientId?: string;
}

/** A Scalekit API-client (M2M, client-credentials) token's claims. */
export interface ClientTokenClaims {
  /** The client id, `m2morg_...`: both `sub` and `client_id`. Default `m2morg_100`. */
  readonly clientId?: string;
  /** The organization that owns the client (`oid`). Default `org_100`. */
  readonly organizationId?: string;
  /** Granted scopes, sent as Scalekit does: the `scopes` array. */
  readonly scopes?: readonly string[];
}

const SIGNING: Record<TestAlgorithm, { hash: string; keyType: 'rsa' | 'ec' }> = {
  RS256: { hash: 'sha256', keyType: 'rsa' },
  PS256: { hash: 'sha256', keyType: 'rsa' },
  ES256: { hash: 'sha256', keyType: 'ec' },
};

/**
 * A real token issuer on 127.0.0.1 for tests: publishes its JWKS at `/keys` (Scalekit's path) and
 * an OpenID discovery document, mints Scalekit-shaped tokens with `node:crypto`, rotates keys,
 * and can simulate a JWKS outage. Point the AuthModule at it with {@link useTestIssuer} or
 * {@link TestIssuer.authOptions}.
 *
 * @example
 * ```ts
 * const issuer = await TestIssuer.start();
 * const token = issuer.mintClient({ scopes: ['read:deployments'] });
 * // ...
 * await issuer.stop();
 * ```
 */
export class TestIssuer {
  /** How many times the JWKS was requested (whatever the outage mode). */
  jwksFetches = 0;
  private keys: TestKey[] = [];
  private current!: TestKey;
  private outage: JwksOutage = 'none';
  private keyCounter = 0;

  private constructor(
    private readonly server: Server,
    /** `aud` of minted tokens. */
    readonly audience: string,
  ) {}

  static async start(options: TestIssuerOptions = {}): Promise<TestIssuer> {
    const server = createServer();
    const issuer = new TestIssuer(server, options.audience ?? 'https://api.test');
    server.on('request', (req: IncomingMessage, res: ServerResponse) => issuer.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    issuer.current = await issuer.addKey(options.alg ?? 'RS256');
    return issuer;
  }

  /** `http://127.0.0.1:<port>`: the `iss` of minted tokens. */
  get issuer(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Same as {@link issuer}. */
  get url(): string {
    return this.issuer;
  }

  get jwksUri(): string {
    return `${this.issuer}/keys`;
  }

  /** The key new tokens are signed with. */
  get currentKey(): TestKey {
    return this.current;
  }

  /** AuthModule options that accept this issuer's tokens; `overrides` win. */
  authOptions(overrides: AuthModuleOptions = {}): AuthModuleOptions {
    return { issuer: this.issuer, audiences: [this.audience], jwksUri: this.jwksUri, ...overrides };
  }

  /** Generates and publishes a key pair (it does not become the current key). */
  async addKey(
    alg: TestAlgorithm = 'RS256',
    kid = `test-key-${++this.keyCounter}`,
  ): Promise<TestKey> {
    const { privateKey, publicKey } =
      SIGNING[alg].keyType === 'rsa'
        ? await generateKeyPair('rsa', { modulusLength: 2048 })
        : await generateKeyPair('ec', { namedCurve: 'P-256' });
    const jwk: JsonWebKey = { ...publicKey.export({ format: 'jwk' }), kid, alg, use: 'sig' };
    const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const key: TestKey = { kid, alg, privateKey, publicKey, jwk, publicPem };
    this.keys.push(key);
    return key;
  }

  /** A key that is never published: what an attacker signs with. */
  async unpublishedKey(alg: TestAlgorithm = 'RS256', kid = 'attacker-key'): Promise<TestKey> {
    const key = await this.addKey(alg, kid);
    this.removeKey(kid);
    return key;
  }

  /** Key rotation: publishes a new key and signs with it from now on; the old one stays published. */
  async rotate(alg: TestAlgorithm = this.current.alg): Promise<TestKey> {
    this.current = await this.addKey(alg);
    return this.current;
  }

  /** Stops publishing `kid`: its tokens stop working once the app refetches the key set. */
  removeKey(kid: string): void {
    this.keys = this.keys.filter((key) => key.kid !== kid);
  }

  setOutage(mode: JwksOutage): void {
    this.outage = mode;
  }

  /** Claims every minted token starts from: this issuer, its audience, `usr_100`, an hour. */
  defaultClaims(expiresIn = 3600): Record<string, unknown> {
    const now = Math.floor(Date.now() / 1000);
    return {
      iss: this.issuer,
      aud: [this.audience],
      sub: 'usr_100',
      iat: now,
      nbf: now,
      exp: now + expiresIn,
      jti: randomUUID(),
    };
  }

  /**
   * Signs the default claims merged with `claims` (an `undefined` value removes a claim).
   * Async only for `options.alg`, which generates and publishes a key first.
   */
  async mint(claims: Record<string, unknown> = {}, options: MintOptions = {}): Promise<string> {
    const key = options.alg ? await this.addKey(options.alg) : this.keyFor(options);
    const payload: Record<string, unknown> = {
      ...this.defaultClaims(options.expiresIn),
      ...claims,
    };
    for (const name of options.omit ?? []) delete payload[name];
    for (const [name, value] of Object.entries(payload))
      if (value === undefined) delete payload[name];
    return signJwt({ alg: key.alg, kid: key.kid, typ: 'JWT', ...options.header }, payload, key);
  }

  /**
   * Signs arbitrary payload text under an arbitrary protected header (a non-object payload, a
   * `crit` header...): for tests of what a verifier must refuse. `alg` and `kid` default to the key's.
   */
  signRaw(
    header: Readonly<Record<string, unknown>>,
    payload: string,
    key: TestKey = this.current,
  ): string {
    return signJwt({ alg: key.alg, kid: key.kid, ...header }, payload, key);
  }

  /** A user access token as Scalekit issues it after a login (`sub`, `oid`, `sid`, `permissions`, `roles`). */
  mintUser(user: UserTokenClaims = {}, options: MintOptions = {}): Promise<string> {
    return this.mint(
      {
        sub: user.sub ?? 'usr_100',
        oid: user.organizationId,
        sid: user.sessionId ?? `ses_${randomUUID().replace(/-/g, '')}`,
        client_id: user.clientId ?? 'skc_test',
        permissions: user.permissions ? [...user.permissions] : undefined,
        roles: user.roles ? [...user.roles] : undefined,
      },
      options,
    );
  }

  /** An API client's client-credentials token as Scalekit issues it (`sub` = `client_id` = `m2morg_...`, `scopes`). */
  mintClient(client: ClientTokenClaims = {}, options: MintOptions = {}): Promise<string> {
    const clientId = client.clientId ?? 'm2morg_100';
    return this.mint(
      {
        sub: clientId,
        client_id: clientId,
        oid: client.organizationId ?? 'org_100',
        scopes: [...(client.scopes ?? [])],
      },
      options,
    );
  }

  /** Stops the server, cutting hanging requests. */
  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** Same as {@link stop}. */
  close(): Promise<void> {
    return this.stop();
  }

  private keyFor(options: MintOptions): TestKey {
    if (options.key) return options.key;
    if (options.kid === undefined) return this.current;
    const key = this.keys.find((k) => k.kid === options.kid);
    if (!key) throw new Error(`TestIssuer: no published key ${options.kid}`);
    return key;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? '').split('?')[0];
    if (path === '/.well-known/openid-configuration') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          issuer: this.issuer,
          jwks_uri: this.jwksUri,
          token_endpoint: `${this.issuer}/oauth/token`,
          id_token_signing_alg_values_supported: ['RS256', 'PS256', 'ES256'],
        }),
      );
      return;
    }
    if (path !== '/keys') {
      res.writeHead(404).end();
      return;
    }
    this.serveKeys(req, res);
  }

  private serveKeys(req: IncomingMessage, res: ServerResponse): void {
    this.jwksFetches++;
    if (this.outage === 'hang') return;
    if (this.outage === 'drop') {
      req.socket.destroy();
      return;
    }
    if (this.outage === 'error') {
      res.writeHead(503, { 'content-type': 'text/plain' }).end('down');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: this.keys.map((key) => key.jwk) }));
  }
}

/** base64url of a JSON value or a string, for hand-built tokens (`alg: none`, broken segments). */
export function b64url(value: unknown): string {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString(
    'base64url',
  );
}

/** A compact JWS of `payload` under `header`, signed with `key` by its algorithm. */
export function signJwt(
  header: Readonly<Record<string, unknown>>,
  payload: Readonly<Record<string, unknown>> | string,
  key: TestKey,
): string {
  const input = `${b64url(header)}.${b64url(payload)}`;
  const signature = sign(SIGNING[key.alg].hash, Buffer.from(input), {
    key: key.privateKey,
    ...(key.alg === 'PS256' ? { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 } : {}),
    ...(key.alg === 'ES256' ? { dsaEncoding: 'ieee-p1363' as const } : {}),
  });
  return `${input}.${signature.toString('base64url')}`;
}
