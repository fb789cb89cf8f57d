import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { freePort } from './helpers/free-port';

const ROOT = join(__dirname, '..');

/** `src/main.ts` as `npm start` runs it (transpile-only, for speed), with only `env` set. */
function startService(
  env: Record<string, string>,
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        require.resolve('ts-node/dist/bin.js'),
        '--transpile-only',
        '--project',
        'tsconfig.json',
        'src/main.ts',
      ],
      {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', NODE_ENV: 'development', LOG_LEVEL: 'info', ...env },
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out, err });
    });
  });
}

async function occupy(port: number): Promise<Server> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return server;
}

describe('start-up failures (src/main.ts)', () => {
  jest.setTimeout(60_000);

  it.each(['PORT', 'DEV_IDP_PORT'])(
    'a busy %s: one line naming it, no stack, nothing claims to have started',
    async (variable) => {
      const busy = await freePort();
      const other = await freePort();
      const blocker = await occupy(busy);
      try {
        const ports =
          variable === 'PORT'
            ? { PORT: String(busy), DEV_IDP_PORT: String(other) }
            : { PORT: String(other), DEV_IDP_PORT: String(busy) };
        const { code, out, err } = await startService(ports);
        expect(code).toBe(1);
        const problems = err.split('\n').filter((line) => line.trim().startsWith('- '));
        expect(problems).toEqual([
          expect.stringContaining(`${variable}: 127.0.0.1:${busy} is already in use`),
        ]);
        expect(err).not.toMatch(/\n\s+at /);
        expect(out + err).not.toMatch(/successfully started|stand-in \(development only\) at/);
      } finally {
        blocker.close();
      }
    },
  );

  it('SCALEKIT_ENVIRONMENT_URL alone: the missing Scalekit variables, not AUTH_ISSUER', async () => {
    const { code, err } = await startService({
      PORT: String(await freePort()),
      SCALEKIT_ENVIRONMENT_URL: 'https://acme.scalekit.dev',
      AUTH_AUDIENCE: 'https://api.acme.test',
    });
    expect(code).toBe(1);
    expect(err).toContain('SCALEKIT_CLIENT_ID');
    expect(err).toContain('SCALEKIT_CLIENT_SECRET');
    expect(err).not.toContain('AUTH_ISSUER');
  });
});
