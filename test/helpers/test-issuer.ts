import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CompactSign,
  exportJWK,
  exportSPKI,
  generateKeyPair,
  JWK,
  JWTPayload,
  SignJWT,
} from 'jose';

/** Algorithms the test issuer can sign with. */
export type TestAlgorithm = 'RS256' | 'PS256' | 'ES256';

type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
type PublicKey = Awaited<ReturnType<typeof generateKeyPair>>['publicKey'];

/** One signing key pair of the issuer. */
export interface TestKey {
  readonly kid: string;
  readonly alg: TestAlgorithm;
  readonly privateKey: PrivateKey;
  readonly publicKey: PublicKey;
  /** The public JWK as published (with `kid`, `alg`, `use: sig`). */
  readonly jwk: JWK;
  /** The public key as SPKI PEM (what an "HS256 with the public key as secret" attack uses). */
  readonly publicPem: string;
}

/**
 * How the JWKS endpoint misbehaves: `error` answers 503, `drop` closes the connection without
 * answering, `hang` accepts the request and never answers.
 */
export type JwksOutage = 'none' | 'error' | 'drop' | 'hang';

/** What {@link TestIssuer.mint} can change in a token. */
export interface MintOptions {
  /** Signing key; default the issuer's current key. */
  readonly key?: TestKey;
  /** Extra or overriding protected-header fields (`kid`, `typ`, `alg` of the key by default). */
  readonly header?: Record<string, unknown>;
  /** Claims to drop from the defaults, e.g. `['exp']`. */
  readonly omit?: readonly string[];
}

/**
 * A real token issuer on 127.0.0.1 (port 0) for end-to-end tests: serves its JWKS at `/keys`
 * (Scalekit's path), counts fetches, rotates keys, simulates outages, and mints tokens with jose.
 *
 * @example
 * ```ts
 * const issuer = await TestIssuer.start();
 * const app = await createTestApp({ ...issuer.appEnv('https://api.test') });
 * const token = await issuer.mint({ sub: 'usr_1', permissions: ['organization:settings'] });
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
    /** `aud` of minted tokens unless overridden. */
    readonly audience: string,
  ) {}

  /** Starts the issuer with one key of `alg` (default RS256). */
  static async start(
    options: { audience?: string; alg?: TestAlgorithm } = {},
  ): Promise<TestIssuer> {
    const server = createServer();
    const issuer = new TestIssuer(server, options.audience ?? 'https://api.test');
    server.on('request', (req: IncomingMessage, res: ServerResponse) => issuer.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    issuer.current = await issuer.addKey(options.alg ?? 'RS256');
    return issuer;
  }

  /** `http://127.0.0.1:<port>`: also the `iss` of minted tokens. */
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get jwksUri(): string {
    return `${this.url}/keys`;
  }

  /** The key new tokens are signed with. */
  get currentKey(): TestKey {
    return this.current;
  }

  /** The `AUTH_*` variables pointing an app at this issuer. */
  appEnv(audience = this.audience): Record<string, string> {
    return { AUTH_ISSUER: this.url, AUTH_JWKS_URI: this.jwksUri, AUTH_AUDIENCE: audience };
  }

  /** Generates a key pair and publishes it (it does not become the current key). */
  async addKey(
    alg: TestAlgorithm = 'RS256',
    kid = `test-key-${++this.keyCounter}`,
  ): Promise<TestKey> {
    const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
    const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
    const key: TestKey = {
      kid,
      alg,
      privateKey,
      publicKey,
      jwk,
      publicPem: await exportSPKI(publicKey),
    };
    this.keys.push(key);
    return key;
  }

  /** Creates a key that is never published: what an attacker signs with. */
  async unpublishedKey(alg: TestAlgorithm = 'RS256', kid = 'attacker-key'): Promise<TestKey> {
    const key = await this.addKey(alg, kid);
    this.removeKey(kid);
    return key;
  }

  /** Key rotation: publishes a new key and signs with it from now on; the old one stays published. */
  async rotate(alg: TestAlgorithm = 'RS256'): Promise<TestKey> {
    this.current = await this.addKey(alg);
    return this.current;
  }

  /** Stops publishing `kid` (tokens signed with it must stop working once the app refetches). */
  removeKey(kid: string): void {
    this.keys = this.keys.filter((key) => key.kid !== kid);
  }

  /** Switches the JWKS endpoint into (or out of, with `none`) an outage. */
  setOutage(mode: JwksOutage): void {
    this.outage = mode;
  }

  /** Claims of a valid Scalekit-like user token, valid for an hour. */
  defaultClaims(): JWTPayload {
    const now = Math.floor(Date.now() / 1000);
    return {
      iss: this.url,
      aud: [this.audience],
      sub: 'usr_100',
      iat: now,
      nbf: now,
      exp: now + 3600,
      jti: `jti-${now}-${Math.random()}`,
    };
  }

  /** Signs the default claims merged with `claims` (an `undefined` value removes a claim). */
  mint(claims: Record<string, unknown> = {}, options: MintOptions = {}): Promise<string> {
    const key = options.key ?? this.current;
    const payload: Record<string, unknown> = { ...this.defaultClaims(), ...claims };
    for (const name of options.omit ?? []) delete payload[name];
    for (const [name, value] of Object.entries(payload))
      if (value === undefined) delete payload[name];
    const header = { alg: key.alg, kid: key.kid, typ: 'JWT', ...options.header };
    return new SignJWT(payload).setProtectedHeader(header).sign(key.privateKey);
  }

  /**
   * Signs arbitrary payload bytes under an arbitrary protected header (non-object payloads,
   * `crit` headers...). `critical` lists the header names jose must accept as understood.
   */
  signRaw(
    header: Record<string, unknown>,
    payload: string,
    key: TestKey = this.current,
    critical: readonly string[] = [],
  ): Promise<string> {
    const crit = Object.fromEntries(critical.map((name) => [name, true]));
    return new CompactSign(new TextEncoder().encode(payload))
      .setProtectedHeader({ alg: key.alg, kid: key.kid, ...header })
      .sign(key.privateKey, { crit });
  }

  /** Stops the server, cutting hanging requests. */
  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    if (req.url !== '/keys') {
      res.writeHead(404).end();
      return;
    }
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
