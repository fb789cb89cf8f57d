import type { AppConfig } from './app-config';

/**
 * Configurations that start but are probably not what a production deployment means; logged
 * once at start-up as warnings, each naming what to set.
 */
export function deploymentWarnings(
  config: Pick<AppConfig, 'server' | 'session' | 'redis'>,
): string[] {
  const warnings: string[] = [];
  if (!config.server.isProduction) return warnings;
  const store = config.session.store;
  if (!config.redis.url && !(store.kind === 'file' && store.chosen)) {
    warnings.push(
      'No REDIS_URL in production: sessions, rate limits, admin idempotency records and locks are per instance ' +
        '(a second instance neither sees the sessions nor shares the limits). Set REDIS_URL, or SESSION_STORE=file to say you mean one instance.',
    );
  }
  if (config.server.trustProxy === false && config.server.publicBaseUrl.startsWith('https:')) {
    warnings.push(
      "PUBLIC_BASE_URL is https but TRUST_PROXY is off: behind a TLS-terminating proxy every client shares the proxy's address for rate limits. " +
        'Set TRUST_PROXY to the number of proxy hops or to the proxy addresses (ignore this when the app terminates TLS itself).',
    );
  }
  return warnings;
}
