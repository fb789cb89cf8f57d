import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, JWK, SignJWT } from 'jose';

type SigningKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

interface IssuerKey {
  readonly kid: string;
  readonly alg: 'RS256' | 'ES256';
  readonly privateKey: SigningKey;
  readonly jwk: JWK;
}

/**
 * The bench's own token issuer: a JWKS on loopback that counts how often it is fetched, and
 * token minting with the matching private keys. RS256 is what Scalekit signs with; ES256 only
 * mints the 100,000 distinct tokens of the memory phase quickly (RSA signing would take minutes).
 */
export class LocalIssuer {
  jwksFetches = 0;
  private server: Server | undefined;
  private keys: IssuerKey[] = [];

  private constructor(readonly audience: string) {}

  static async start(audience: string): Promise<LocalIssuer> {
    const issuer = new LocalIssuer(audience);
    issuer.keys = [await makeKey('bench-rs', 'RS256'), await makeKey('bench-es', 'ES256')];
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
  mint(options: { alg: 'RS256' | 'ES256'; subject: string; scopes: string[] }): Promise<string> {
    const key = this.keys.find((k) => k.alg === options.alg);
    if (!key) throw new Error(`no ${options.alg} key`);
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({
      scopes: options.scopes,
      oid: 'org_100000000000000001',
      client_id: options.subject,
    })
      .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
      .setIssuer(this.url)
      .setAudience([this.audience])
      .setSubject(options.subject)
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + 3600)
      .setJti(`${options.subject}-${now}`)
      .sign(key.privateKey);
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

async function makeKey(kid: string, alg: 'RS256' | 'ES256'): Promise<IssuerKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { kid, alg, privateKey, jwk };
}
