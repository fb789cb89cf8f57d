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
        grantableScopes: undefined,
        idempotency: { secret: undefined, ttlMs: 600_000, maxEntries: 10_000 },
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
      ADMIN_GRANTABLE_SCOPES: 'read:deployments, billing:read',
    });
    expect(config.admin).toMatchObject({
      auditLog: 'off',
      maxBodyBytes: 1024,
      grantableScopes: ['read:deployments', 'billing:read'],
      idempotency: { secret: 's'.repeat(32), ttlMs: 60_000 },
    });
    expect(config.redis.url).toBe('redis://127.0.0.1:6379');
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

  describe('ADMIN_GRANTABLE_SCOPES', () => {
    const problemsOf = (value: string) => {
      const parsed = parseAdminConfig({ ADMIN_GRANTABLE_SCOPES: value });
      return parsed.ok ? [] : parsed.problems;
    };

    it('is a comma-separated list of RFC 6749 scope-tokens', () => {
      expect(parseAdminConfig({ ADMIN_GRANTABLE_SCOPES: 'a:b,c.d , e_f' })).toMatchObject({
        ok: true,
        value: { grantableScopes: ['a:b', 'c.d', 'e_f'] },
      });
      expect(problemsOf('a:b,has"quote')).toEqual([
        expect.stringMatching(
          /^ADMIN_GRANTABLE_SCOPES: "has\\"quote" is not an RFC 6749 scope-token/,
        ),
      ]);
      expect(problemsOf(',')).toEqual(['ADMIN_GRANTABLE_SCOPES: must list at least one scope']);
    });

    it('cannot list api_clients:admin: only its holders may grant it', () => {
      expect(problemsOf('read:deployments,api_clients:admin')).toEqual([
        expect.stringMatching(/^ADMIN_GRANTABLE_SCOPES: must not list api_clients:admin/),
      ]);
    });
  });
});
