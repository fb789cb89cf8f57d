import { createServer, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, JWK } from 'jose';
import { fetchVerificationKeys, MAX_JWK_ENTRIES, MAX_JWKS_BYTES } from './jwks-fetcher';

/** A JWKS endpoint whose answer each test sets; `/elsewhere` always serves a good key set. */
describe('fetchVerificationKeys', () => {
  let server: Server;
  let url: string;
  let answer: (res: ServerResponse) => void;
  let good: JWK;
  let other: JWK;
  const never = new AbortController().signal;
  const fetchKeys = (timeoutMs = 2_000) => fetchVerificationKeys(`${url}/keys`, timeoutMs, never);
  const json = (body: unknown) => (res: ServerResponse) =>
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));

  beforeAll(async () => {
    const jwkOf = async (kid: string) => ({
      ...(await exportJWK((await generateKeyPair('RS256', { extractable: true })).publicKey)),
      kid,
      alg: 'RS256',
      use: 'sig',
    });
    [good, other] = await Promise.all([jwkOf('k1'), jwkOf('k1')]);
    server = createServer((req, res) => {
      if (req.url === '/elsewhere') json({ keys: [good] })(res);
      else answer(res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('parses a good key set', async () => {
    answer = json({ keys: [good] });
    await expect(fetchKeys()).resolves.toEqual([
      expect.objectContaining({ kid: 'k1', alg: 'RS256' }),
    ]);
  });

  it('refuses to follow a redirect, even to a good key set', async () => {
    answer = (res) => res.writeHead(302, { location: `${url}/elsewhere` }).end();
    await expect(fetchKeys()).rejects.toThrow();
  });

  it('refuses a body over the size cap, declared or streamed', async () => {
    const big = JSON.stringify({ keys: [good], padding: 'x'.repeat(MAX_JWKS_BYTES) });
    answer = (res) => res.writeHead(200, { 'content-type': 'application/json' }).end(big);
    await expect(fetchKeys()).rejects.toThrow(`JWKS larger than ${MAX_JWKS_BYTES} bytes`);
    answer = (res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(big.slice(0, big.length / 2));
      res.end(big.slice(big.length / 2));
    };
    await expect(fetchKeys()).rejects.toThrow(`JWKS larger than ${MAX_JWKS_BYTES} bytes`);
  });

  it('gives up at the deadline on a server that drips its body', async () => {
    answer = (res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"keys": [');
      const drip = setInterval(() => res.write(' '), 20);
      res.on('close', () => clearInterval(drip));
    };
    const started = Date.now();
    await expect(fetchKeys(300)).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it.each([
    ['not JSON', 'not json'],
    ['no keys array', JSON.stringify({ keys: 'x' })],
    ['an array', '[{"kty":"RSA","kid":"k1","n":"AQAB","e":"AQAB"}]'],
  ])('refuses a document that is %s', async (_name, body) => {
    answer = (res) => res.writeHead(200).end(body);
    await expect(fetchKeys()).rejects.toThrow();
  });

  it('skips garbage entries instead of losing the whole key set', async () => {
    answer = json({ keys: [null, 7, 'x', [], { kty: 'oct', k: 'c2VjcmV0', kid: 'hmac' }, good] });
    await expect(fetchKeys()).resolves.toEqual([expect.objectContaining({ kid: 'k1' })]);
  });

  it('converts at most MAX_JWK_ENTRIES entries', async () => {
    const kidless = { ...good, kid: undefined };
    answer = json({ keys: [...Array<JWK>(MAX_JWK_ENTRIES).fill(kidless), good] });
    await expect(fetchKeys()).rejects.toThrow('no usable signing key');
  });

  it('keeps the first key of a kid published twice', async () => {
    answer = json({ keys: [good, other] });
    const keys = await fetchKeys();
    expect(keys).toHaveLength(1);
    const [expected] = await fetchVerificationKeys(`${url}/elsewhere`, 2_000, never);
    expect(expected && keys[0]?.publicKey.equals(expected.publicKey)).toBe(true);
  });
});
