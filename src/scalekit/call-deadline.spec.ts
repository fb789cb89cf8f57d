import { createServer, type Server } from 'node:net';
import { withDeadline } from './call-deadline';
import { ScalekitTimeoutError, ScalekitUnavailableError } from './scalekit.errors';

const never = () => new Promise<never>(() => undefined);

async function listening(): Promise<{ server: Server; url: string }> {
  const server = createServer((s) => s.on('error', () => undefined));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  return {
    server,
    url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
  };
}

describe('withDeadline', () => {
  it('passes results and failures through before the deadline', async () => {
    await expect(withDeadline(Promise.resolve(1), 1000, 'http://127.0.0.1:1')).resolves.toBe(1);
    await expect(
      withDeadline(Promise.reject(new Error('x')), 1000, 'http://127.0.0.1:1'),
    ).rejects.toThrow('x');
  });

  it('reports unavailable at the deadline when nothing listens', async () => {
    const { server, url } = await listening();
    await new Promise((r) => server.close(r));
    const started = Date.now();
    await expect(withDeadline(never(), 150, url)).rejects.toBeInstanceOf(ScalekitUnavailableError);
    expect(Date.now() - started).toBeLessThan(150 + 400);
  });

  it('reports a timeout at the deadline when the server listens but is silent', async () => {
    const { server, url } = await listening();
    try {
      await expect(withDeadline(never(), 150, url)).rejects.toBeInstanceOf(ScalekitTimeoutError);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
