import { createServer } from 'node:net';

/**
 * A port that was free a moment ago on 127.0.0.1. For the few cases where a URL must be known
 * before its server starts (the IdP must know the app's redirect URI before the app boots).
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
