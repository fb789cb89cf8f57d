import { loadAppConfig } from '../config/app-config';
import { ConfigValidationError } from '../config/env';
import { parseAdminConfig } from './admin.config';

const base = {
  NODE_ENV: 'test',
  AUTH_ISSUER: 'http://127.0.0.1:9/issuer',
  AUTH_AUDIENCE: 'https://api.test',
};

describe('admin configuration', () => {
  it('has working defaults', () => {
    expect(parseAdminConfig({})).toEqual({
      ok: true,
      value: {
        auditLog: 'stdout',
        idempotency: { redisUrl: undefined, secret: undefined, ttlMs: 600_000, maxEntries: 10_000 },
        maxBodyBytes: 16_384,
      },
    });
  });

  // The app's configuration is what production reads: ADMIN_* must reach it, not only tests.
  it('is part of the app configuration read at boot', () => {
    const config = loadAppConfig({
      ...base,
      ADMIN_AUDIT_LOG: 'off',
      ADMIN_MAX_BODY_BYTES: '1024',
      ADMIN_IDEMPOTENCY_TTL_S: '60',
      REDIS_URL: 'redis://127.0.0.1:6379',
      ADMIN_IDEMPOTENCY_SECRET: 's'.repeat(32),
    });
    expect(config.admin).toMatchObject({
      auditLog: 'off',
      maxBodyBytes: 1024,
      idempotency: { redisUrl: 'redis://127.0.0.1:6379', ttlMs: 60_000 },
    });
  });

  it('refuses to boot with a shared Redis but no shared idempotency secret', () => {
    expect(() => loadAppConfig({ ...base, REDIS_URL: 'redis://127.0.0.1:6379' })).toThrow(
      ConfigValidationError,
    );
    expect(parseAdminConfig({ REDIS_URL: 'redis://x' })).toEqual({
      ok: false,
      problems: [expect.stringContaining('ADMIN_IDEMPOTENCY_SECRET')],
    });
  });

  it('names each bad variable', () => {
    const parsed = parseAdminConfig({ ADMIN_MAX_BODY_BYTES: '0', ADMIN_IDEMPOTENCY_TTL_S: 'x' });
    expect(parsed.ok ? [] : parsed.problems.map((p) => p.split(':')[0]).sort()).toEqual([
      'ADMIN_IDEMPOTENCY_TTL_S',
      'ADMIN_MAX_BODY_BYTES',
    ]);
  });
});
