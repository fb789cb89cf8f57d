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

/** A token-shaped string with a signature as long as a real one (entries are found by its end). */
const sig = (seed: string): string => seed.repeat(64).slice(0, 86);
const tok = (payload: string, signature = sig(payload)): string => `h.${payload}.${signature}`;

describe('VerifiedTokenCache', () => {
  it('serves an entry until exp, never at or after it', () => {
    const cache = new VerifiedTokenCache(10);
    const p = principal(100);
    cache.set(tok('h'), p, 'k1');
    expect(cache.get(tok('h'), 99_999)).toBe(p);
    expect(cache.get(tok('h'), 100_000)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('evicts the least recently used entry beyond its capacity', () => {
    const cache = new VerifiedTokenCache(2);
    cache.set(tok('a'), principal(100), 'k');
    cache.set(tok('b'), principal(100), 'k');
    cache.get(tok('a'), 0);
    cache.set(tok('c'), principal(100), 'k');
    expect(cache.get(tok('b'), 0)).toBeUndefined();
    expect(cache.get(tok('a'), 0)).toBeDefined();
    expect(cache.size).toBe(2);
  });

  it('drops the tokens of a removed key only', () => {
    const cache = new VerifiedTokenCache(10);
    cache.set(tok('a'), principal(100), 'old');
    cache.set(tok('b'), principal(100), 'new');
    cache.dropKid('old');
    expect(cache.get(tok('a'), 0)).toBeUndefined();
    expect(cache.get(tok('b'), 0)).toBeDefined();
  });

  it('remembers nothing with capacity 0', () => {
    const cache = new VerifiedTokenCache(0);
    cache.set(tok('a'), principal(100), 'k');
    expect(cache.get(tok('a'), 0)).toBeUndefined();
  });

  it('says a principal is current only while get would serve it for its token', () => {
    const cache = new VerifiedTokenCache(2);
    const [a, b, c] = [principal(100), principal(100), principal(100)];
    cache.set(tok('a'), a, 'old');
    cache.set(tok('b'), b, 'new');
    expect(cache.isCurrent(a, 0)).toBe(true);
    expect(cache.isCurrent(principal(100), 0)).toBe(false); // never cached
    expect(cache.isCurrent(a, 100_000)).toBe(false); // expired (and dropped)
    cache.set(tok('a'), a, 'old');
    cache.dropKid('old');
    expect(cache.isCurrent(a, 0)).toBe(false); // its key was withdrawn
    cache.set(tok('c'), c, 'new');
    cache.set(tok('a'), a, 'new');
    expect(cache.isCurrent(b, 0)).toBe(false); // evicted
    cache.set(tok('c'), principal(100), 'new');
    expect(cache.isCurrent(c, 0)).toBe(false); // its token now maps to another principal
  });

  it('never says current when caching is off', () => {
    const cache = new VerifiedTokenCache(0);
    const p = principal(100);
    cache.set(tok('a'), p, 'k');
    expect(cache.isCurrent(p, 0)).toBe(false);
  });
});

describe('VerifiedTokenCache, found by signature, served to the exact token only', () => {
  it('misses a token that reuses a cached signature under another payload or header', () => {
    const cache = new VerifiedTokenCache(10);
    const p = principal(100);
    const alice = tok('alice', sig('s'));
    cache.set(alice, p, 'k');
    expect(cache.get(alice, 0)).toBe(p);
    expect(cache.get(tok('mallory', sig('s')), 0)).toBeUndefined();
    expect(cache.get(`x${alice.slice(1)}`, 0)).toBeUndefined();
    expect(cache.get(alice.slice(1), 0)).toBeUndefined();
    // A miss is not a refusal of the cached token: it is still served to itself.
    expect(cache.get(alice, 0)).toBe(p);
  });

  it('keeps the token verified last when two share a signature', () => {
    const cache = new VerifiedTokenCache(10);
    const [first, second] = [principal(100), principal(100)];
    cache.set(tok('one', sig('s')), first, 'k');
    cache.set(tok('two', sig('s')), second, 'k');
    expect(cache.size).toBe(1);
    expect(cache.get(tok('one', sig('s')), 0)).toBeUndefined();
    expect(cache.get(tok('two', sig('s')), 0)).toBe(second);
    expect(cache.isCurrent(first, 0)).toBe(false);
    expect(cache.isCurrent(second, 0)).toBe(true);
  });

  it('serves a token shorter than the key to itself alone', () => {
    const cache = new VerifiedTokenCache(10);
    const p = principal(100);
    cache.set('a.b.c', p, 'k');
    expect(cache.get('a.b.c', 0)).toBe(p);
    expect(cache.get('a.b.', 0)).toBeUndefined();
  });
});
