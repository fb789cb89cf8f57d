import type { Principal } from '../principal';
import { VerifiedTokenCache } from './verified-token.cache';

const principal = (expiresAt: number): Principal => ({
  kind: 'user',
  via: 'bearer',
  subject: 'usr_1',
  organizationId: undefined,
  clientId: undefined,
  scopes: new Set(),
  permissions: new Set(),
  roles: new Set(),
  expiresAt,
  claims: {},
});

describe('VerifiedTokenCache', () => {
  it('serves an entry until exp, never at or after it', () => {
    const cache = new VerifiedTokenCache(10);
    const p = principal(100);
    cache.set('h', p, 'k1');
    expect(cache.get('h', 99_999)).toBe(p);
    expect(cache.get('h', 100_000)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('evicts the least recently used entry beyond its capacity', () => {
    const cache = new VerifiedTokenCache(2);
    cache.set('a', principal(100), 'k');
    cache.set('b', principal(100), 'k');
    cache.get('a', 0);
    cache.set('c', principal(100), 'k');
    expect(cache.get('b', 0)).toBeUndefined();
    expect(cache.get('a', 0)).toBeDefined();
    expect(cache.size).toBe(2);
  });

  it('drops the tokens of a removed key only', () => {
    const cache = new VerifiedTokenCache(10);
    cache.set('a', principal(100), 'old');
    cache.set('b', principal(100), 'new');
    cache.dropKid('old');
    expect(cache.get('a', 0)).toBeUndefined();
    expect(cache.get('b', 0)).toBeDefined();
  });

  it('remembers nothing with capacity 0', () => {
    const cache = new VerifiedTokenCache(0);
    cache.set('a', principal(100), 'k');
    expect(cache.get('a', 0)).toBeUndefined();
  });

  it('says a principal is current only while get would serve it for its token', () => {
    const cache = new VerifiedTokenCache(2);
    const [a, b, c] = [principal(100), principal(100), principal(100)];
    cache.set('a', a, 'old');
    cache.set('b', b, 'new');
    expect(cache.isCurrent(a, 0)).toBe(true);
    expect(cache.isCurrent(principal(100), 0)).toBe(false); // never cached
    expect(cache.isCurrent(a, 100_000)).toBe(false); // expired (and dropped)
    cache.set('a', a, 'old');
    cache.dropKid('old');
    expect(cache.isCurrent(a, 0)).toBe(false); // its key was withdrawn
    cache.set('c', c, 'new');
    cache.set('a', a, 'new');
    expect(cache.isCurrent(b, 0)).toBe(false); // evicted
    cache.set('c', principal(100), 'new');
    expect(cache.isCurrent(c, 0)).toBe(false); // its token now maps to another principal
  });

  it('never says current when caching is off', () => {
    const cache = new VerifiedTokenCache(0);
    const p = principal(100);
    cache.set('a', p, 'k');
    expect(cache.isCurrent(p, 0)).toBe(false);
  });
});
