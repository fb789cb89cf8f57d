import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './helpers/free-port';

const ROOT = join(__dirname, '..');

/**
 * Standard output is written in batches (src/logging/batched-destination.ts): lines must still
 * reach the reader promptly, and none may be lost when the process exits.
 */
describe('log delivery on standard output (src/main.ts, LOG_FORMAT=json)', () => {
  jest.setTimeout(60_000);

  let child: ChildProcess;
  let out = '';
  let url = '';
  const dataDir = mkdtempSync(join(tmpdir(), 'log-delivery-'));

  const linesWith = (reqId: string): number =>
    out.split('\n').filter((line) => line.includes(`"reqId":"${reqId}"`)).length;

  async function until(check: () => boolean, withinMs: number): Promise<number> {
    const started = Date.now();
    while (!check()) {
      if (Date.now() - started > withinMs) throw new Error(`not within ${withinMs} ms:\n${out}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    return Date.now() - started;
  }

  beforeAll(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    child = spawn(
      process.execPath,
      [require.resolve('ts-node/dist/bin.js'), '--transpile-only', 'src/main.ts'],
      {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          NODE_ENV: 'development',
          LOG_LEVEL: 'info',
          LOG_FORMAT: 'json',
          PORT: String(port),
          DEV_IDP_PORT: String(await freePort()),
          SESSION_DATA_DIR: join(dataDir, 'sessions'),
          DEV_IDP_DATA_DIR: join(dataDir, 'dev-idp'),
        },
      },
    );
    child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    await until(() => out.includes('Listening on'), 30_000);
  });
  afterAll(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('writes an access line within the batch interval of its request', async () => {
    const res = await fetch(`${url}/api/status`, { headers: { 'x-request-id': 'prompt-1' } });
    expect(res.status).toBe(200);
    // The batch goes out at most 100 ms after its first line; a loaded CI machine adds some.
    expect(await until(() => linesWith('prompt-1') === 1, 2_000)).toBeLessThan(2_000);
    const line = out.split('\n').find((l) => l.includes('"reqId":"prompt-1"')) ?? '';
    expect(JSON.parse(line)).toMatchObject({
      level: 30,
      msg: 'request completed',
      req: { method: 'GET', path: '/api/status' },
      res: { statusCode: 200 },
    });
  });

  it('loses no line at shutdown: every request answered before SIGTERM is in the log', async () => {
    const ids = Array.from({ length: 200 }, (_, i) => `last-${i}`);
    for (const id of ids) await fetch(`${url}/api/status`, { headers: { 'x-request-id': id } });
    const exited = new Promise<string>((resolve) =>
      child.once('exit', (code, signal) => resolve(signal ?? String(code))),
    );
    child.kill('SIGTERM');
    // Nest's shutdown hooks end by raising the signal again, once everything has closed.
    expect(await exited).toBe('SIGTERM');
    expect(ids.filter((id) => linesWith(id) !== 1)).toEqual([]);
    expect(out.trimEnd().split('\n').at(-1)).toContain('"msg":"Shut down"');
  });
});
