import { resolveAuthSettings } from './auth-options';

describe('resolveAuthSettings', () => {
  it('applies the defaults', () => {
    expect(resolveAuthSettings({ issuer: 'https://env.test/', audiences: ['a'] })).toMatchObject({
      jwksUri: 'https://env.test/keys',
      algorithms: ['RS256'],
      clockToleranceSec: 5,
      realm: 'api',
      jwksCooldownMs: 30_000,
      verifiedTokenCacheSize: 10_000,
      maxTokenLength: 8192,
    });
  });

  it.each([
    [{ issuer: '', audiences: ['a'] }, 'issuer'],
    [{ issuer: 'https://i', audiences: [] }, 'audience'],
    [{ issuer: 'https://i', audiences: ['a'], algorithms: ['HS256'] }, 'HS256'],
    [{ issuer: 'https://i', audiences: ['a'], algorithms: ['none'] }, 'none'],
    [{ issuer: 'https://i', audiences: ['a'], algorithms: [] }, 'algorithm'],
    [{ issuer: 'https://i', audiences: ['a'], realm: 'a"b' }, 'realm'],
  ])('refuses %j', (options, message) => {
    expect(() => resolveAuthSettings(options)).toThrow(message);
  });
});
