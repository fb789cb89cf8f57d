import { loadAppConfig } from './app-config';
import { deploymentWarnings } from './deployment-warnings';

const PRODUCTION = {
  NODE_ENV: 'production',
  AUTH_ISSUER: 'https://acme.scalekit.dev',
  AUTH_AUDIENCE: 'https://api.acme.test',
  PUBLIC_BASE_URL: 'https://app.acme.test',
  TRUST_PROXY: '1',
};

const warningsFor = (env: Record<string, string>) => deploymentWarnings(loadAppConfig(env));

describe('deploymentWarnings', () => {
  it('warns in production without REDIS_URL that state is per instance', () => {
    expect(warningsFor(PRODUCTION)).toEqual([
      expect.stringMatching(/^No REDIS_URL in production: .*per instance/),
    ]);
  });

  it('is quiet with REDIS_URL, or with an explicit SESSION_STORE=file', () => {
    expect(
      warningsFor({
        ...PRODUCTION,
        REDIS_URL: 'redis://127.0.0.1:6379',
        ADMIN_IDEMPOTENCY_SECRET: 'x'.repeat(32),
      }),
    ).toEqual([]);
    expect(warningsFor({ ...PRODUCTION, SESSION_STORE: 'file' })).toEqual([]);
  });

  it('warns when an https public origin has no trusted proxy', () => {
    expect(warningsFor({ ...PRODUCTION, TRUST_PROXY: 'false', SESSION_STORE: 'file' })).toEqual([
      expect.stringMatching(/TRUST_PROXY is off/),
    ]);
  });

  it('says nothing outside production', () => {
    expect(warningsFor({ ...PRODUCTION, NODE_ENV: 'development' })).toEqual([]);
  });
});
