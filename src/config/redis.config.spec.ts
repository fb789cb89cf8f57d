import { loadAppConfig } from '../config/app-config';
import { ConfigValidationError } from '../config/env';
import { parseRedisConfig } from './redis.config';

describe('parseRedisConfig', () => {
  it('has defaults, and no Redis without REDIS_URL', () => {
    expect(parseRedisConfig({})).toEqual({
      ok: true,
      value: { url: undefined, keyPrefix: 'session:', timeoutMs: 1_000 },
    });
    expect(
      parseRedisConfig({
        REDIS_URL: 'rediss://cache.internal:6380',
        REDIS_KEY_PREFIX: 'billing:',
        REDIS_TIMEOUT_MS: '250',
      }),
    ).toEqual({
      ok: true,
      value: { url: 'rediss://cache.internal:6380', keyPrefix: 'billing:', timeoutMs: 250 },
    });
  });

  it('names each bad variable', () => {
    const parsed = parseRedisConfig({
      REDIS_URL: 'localhost:6379',
      REDIS_KEY_PREFIX: 'a b',
      REDIS_TIMEOUT_MS: '0',
    });
    expect(parsed.ok ? [] : parsed.problems.map((p) => p.split(':')[0])).toEqual([
      'REDIS_URL',
      'REDIS_KEY_PREFIX',
      'REDIS_TIMEOUT_MS',
    ]);
  });

  // They now cover every key and command of the service: ignoring them would move a deployment's keys.
  it.each([
    ['SESSION_REDIS_PREFIX', 'session:', 'REDIS_KEY_PREFIX'],
    ['SESSION_REDIS_TIMEOUT_MS', '500', 'REDIS_TIMEOUT_MS'],
  ])(
    'refuses to start with the old name %s, in one line naming the new one',
    (old, value, name) => {
      let problems: readonly string[] = [];
      try {
        loadAppConfig({
          AUTH_ISSUER: 'https://issuer.test',
          AUTH_AUDIENCE: 'https://api.test',
          [old]: value,
        });
      } catch (error: unknown) {
        if (error instanceof ConfigValidationError) problems = error.problems;
      }
      expect(problems).toEqual([
        expect.stringMatching(new RegExp(`^${old}: .*set ${name} instead$`)),
      ]);
    },
  );

  it('treats an old name set to nothing as unset', () => {
    expect(parseRedisConfig({ SESSION_REDIS_PREFIX: '', SESSION_REDIS_TIMEOUT_MS: ' ' }).ok).toBe(
      true,
    );
  });
});
