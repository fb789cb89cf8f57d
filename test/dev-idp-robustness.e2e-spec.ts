import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttp1Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScalekitClient } from '@scalekit-sdk/node';
import { DualProtocolServer } from '../src/dev-idp/server/dual-protocol-server';
import { startTestDevIdp } from './helpers/dev-idp';

const ACME = 'org_10000000000000001';

/** Opens a raw connection, writes `parts` with pauses between them, and collects what comes back. */
function converse(port: number, parts: (string | Buffer)[], pauseMs: number) {
  return new Promise<{ received: Buffer; closedAfterMs: number }>((resolve) => {
    const started = Date.now();
    const chunks: Buffer[] = [];
    const socket: Socket = connect(port, '127.0.0.1');
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () =>
      resolve({ received: Buffer.concat(chunks), closedAfterMs: Date.now() - started }),
    );
    void (async () => {
      for (const part of parts) {
        socket.write(part);
        await new Promise((r) => setTimeout(r, pauseMs));
      }
      // Long enough for any answer; the server (or the sniff timeout) decides when it closes.
      setTimeout(() => socket.destroy(), 1500).unref();
    })();
  });
}

describe('dev-idp: one port for HTTP/1.1 and h2c', () => {
  const servers: DualProtocolServer[] = [];
  const start = async (sniffTimeoutMs?: number) => {
    const server = new DualProtocolServer(
      (_req, res) => res.end('http1'),
      (_req, res) => res.end('http2'),
      sniffTimeoutMs,
    );
    servers.push(server);
    return (await server.listen(0, '127.0.0.1')).port;
  };
  afterAll(() => Promise.all(servers.map((s) => s.close())));

  it('routes by the preface even when it arrives in pieces shorter than the preface', async () => {
    const port = await start();
    const settingsFrame = Buffer.from([0, 0, 0, 4, 0, 0, 0, 0, 0]);
    const h2 = await converse(port, ['PRI * HT', 'TP/2.0\r\n\r\nSM\r\n\r\n', settingsFrame], 60);
    // The HTTP/2 server's first frame is its own SETTINGS frame (type 0x4).
    expect(h2.received[3]).toBe(4);
    const h1 = await converse(
      port,
      ['P', 'UT / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n'],
      60,
    );
    expect(h1.received.toString('latin1')).toMatch(/^HTTP\/1\.1 200[\s\S]*http1$/);
  });

  it('drops a connection that stays silent, or stalls mid-preface, past the sniff timeout', async () => {
    const port = await start(200);
    const stalled = await converse(port, ['PRI * HTTP/2'], 10);
    expect(stalled.received.length).toBe(0);
    expect(stalled.closedAfterMs).toBeLessThan(1000);
    expect((await converse(port, [], 10)).closedAfterMs).toBeLessThan(1000);
  });
});

describe('dev-idp data directory', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'dev-idp-robust-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it.each([
    ['clients.json', '{"version":1,"clients":'],
    ['clients.json', '{"version":1,"clients":5}'],
    ['clients.json', '{"version":1,"clients":[{"clientId":"m2morg_1"}]}'],
    ['signing-key.json', '{"kid":"k","privateJwk":{"kty":"RSA","n":"AQAB","e":"AQAB","d":"AQAB"}}'],
    ['app-client.json', '[]'],
  ])(
    'refuses to start on a damaged %s, naming the file, and leaves the port free',
    async (file, body) => {
      // Bind once so the port is known, then damage the file and start again on the same port.
      const first = await startTestDevIdp({ dataDir });
      const port = Number(new URL(first.url).port);
      await first.stop();
      writeFileSync(join(dataDir, file), body);
      await expect(startTestDevIdp({ dataDir, port })).rejects.toThrow(
        new RegExp(`${file.replace('.', '\\.')} is unreadable[\\s\\S]*delete it`),
      );
      const probe = createHttp1Server();
      await new Promise<void>((resolve, reject) => {
        probe.once('error', reject);
        probe.listen(port, '127.0.0.1', () => resolve());
      });
      await new Promise((r) => probe.close(r));
    },
  );

  it('loses no client when many are written at once, and keeps them across a restart', async () => {
    const idp = await startTestDevIdp({ dataDir });
    const sdk = new ScalekitClient(idp.url, idp.appClient.clientId, idp.appClient.clientSecret);
    const created = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        sdk.m2m.createOrganizationClient(ACME, { name: `c${i}`, scopes: ['a'] }),
      ),
    );
    await idp.stop();
    const stored = JSON.parse(readFileSync(join(dataDir, 'clients.json'), 'utf8')) as {
      clients: { clientId: string }[];
    };
    expect(stored.clients.map((c) => c.clientId).sort()).toEqual(
      created.map((c) => c.client?.clientId).sort(),
    );
    const again = await startTestDevIdp({ dataDir });
    try {
      const sdk2 = new ScalekitClient(
        again.url,
        again.appClient.clientId,
        again.appClient.clientSecret,
      );
      const listed = await sdk2.m2m.listOrganizationClients(ACME, { pageSize: 100 });
      expect(listed.totalSize).toBe(12);
    } finally {
      await again.stop();
    }
  });
});
