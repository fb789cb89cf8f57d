import { generateKeyPairSync, JsonWebKey, KeyObject, sign } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

interface IssuerKey {
  readonly kid: string;
  readonly alg: 'RS256' | 'ES256';
  readonly privateKey: KeyObject;
  readonly jwk: JsonWebKey;
}

/**
 * The bench's own token issuer: a JWKS on loopback that counts how often it is fetched, and
 * token minting with the matching private keys. RS256 is what Scalekit signs with; ES256 only
 * mints the 100,000 distinct tokens of the memory phase quickly (RSA signing would take minutes).
 * Signed with node:crypto directly, synchronously: about twice as fast as WebCrypto here.
 */
export class LocalIssuer {
  jwksFetches = 0;
  private server: Server | undefined;
  private keys: IssuerKey[] = [];

  private constructor(readonly audience: string) {}

  static async start(audience: string): Promise<LocalIssuer> {
    const issuer = new LocalIssuer(audience);
    issuer.keys = [makeKey('bench-rs', 'RS256'), makeKey('bench-es', 'ES256')];
    const server = createServer((req, res) => issuer.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    issuer.server = server;
    return issuer;
  }

  get url(): string {
    const { port } = this.server?.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /** A valid access token shaped like a Scalekit M2M token. */
  mint(options: { alg: 'RS256' | 'ES256'; subject: string; scopes: string[] }): string {
    const key = this.keys.find((k) => k.alg === options.alg);
    if (!key) throw new Error(`no ${options.alg} key`);
    const now = Math.floor(Date.now() / 1000);
    const b64 = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
    const signingInput = `${b64({ alg: key.alg, kid: key.kid, typ: 'JWT' })}.${b64({
      iss: this.url,
      aud: [this.audience],
      sub: options.subject,
      iat: now,
      nbf: now,
      exp: now + 3600,
      jti: `${options.subject}-${now}`,
      scopes: options.scopes,
      oid: 'org_100000000000000001',
      client_id: options.subject,
    })}`;
    // JWS wants ECDSA signatures as raw r||s (IEEE P1363), not DER.
    const signature = sign('sha256', Buffer.from(signingInput), {
      key: key.privateKey,
      dsaEncoding: 'ieee-p1363',
    });
    return `${signingInput}.${signature.toString('base64url')}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    if (req.url === '/keys') {
      this.jwksFetches += 1;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: this.keys.map((k) => k.jwk) }));
      return;
    }
    res.writeHead(404).end();
  }
}

function makeKey(kid: string, alg: 'RS256' | 'ES256'): IssuerKey {
  const { privateKey, publicKey } =
    alg === 'RS256'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid, alg, use: 'sig' };
  return { kid, alg, privateKey, jwk };
}
