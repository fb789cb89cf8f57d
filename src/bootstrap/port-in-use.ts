import { createServer } from 'node:net';
import { ConfigValidationError } from '../config/env';

/** Whether a listen failed because something else holds the address. */
export function isAddressInUse(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'EADDRINUSE';
}

/** The one line an operator needs: which variable to change. */
export function portInUse(variable: string, host: string, port: number): ConfigValidationError {
  return new ConfigValidationError([
    `${variable}: ${host}:${port} is already in use; stop the other process or set ${variable} to a free port`,
  ]);
}

/**
 * Fails before anything starts when `host:port` is taken, so a busy port is one line naming the
 * variable, not a stack after the embedded stand-in and Nest already logged that they started.
 * (A race with another process remains; `app.listen` failing the same way is mapped too.)
 */
export async function assertPortFree(variable: string, host: string, port: number): Promise<void> {
  if (port === 0) return;
  const probe = createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      probe.once('error', reject);
      probe.listen({ port, host, exclusive: true }, resolve);
    });
  } catch (error: unknown) {
    if (isAddressInUse(error)) throw portInUse(variable, host, port);
    throw error;
  } finally {
    await new Promise<void>((resolve) =>
      probe.listening ? probe.close(() => resolve()) : resolve(),
    );
  }
}
