import { OpenedSessionCache } from './opened-session.cache';
import type { SessionData } from './session-record';

const data = (name: string): SessionData => ({
  user: { id: 'usr_1', name },
  tokens: { accessToken: 'a', expiresAt: 0 },
  roles: [],
  permissions: [],
  csrfToken: 'c',
  createdAt: 0,
});

describe('OpenedSessionCache', () => {
  it('answers only while the store holds the same sealed value', () => {
    const cache = new OpenedSessionCache(10);
    cache.set('k', 'sealed-1', data('Ada'));
    expect(cache.get('k', 'sealed-1')?.user.name).toBe('Ada');
    // Another instance refreshed the session: the store now holds another value.
    expect(cache.get('k', 'sealed-2')).toBeUndefined();
    // ...and the stale entry is gone, even for the old value.
    expect(cache.get('k', 'sealed-1')).toBeUndefined();
  });

  it('forgets a deleted session', () => {
    const cache = new OpenedSessionCache(10);
    cache.set('k', 's', data('Ada'));
    cache.delete('k');
    expect(cache.get('k', 's')).toBeUndefined();
  });

  it('stays within its bound, dropping the least recently used entry', () => {
    const cache = new OpenedSessionCache(2);
    cache.set('a', 's', data('A'));
    cache.set('b', 's', data('B'));
    cache.get('a', 's'); // a is now the most recently used
    cache.set('c', 's', data('C'));
    expect(cache.size).toBe(2);
    expect(cache.get('b', 's')).toBeUndefined();
    expect(cache.get('a', 's')?.user.name).toBe('A');
    expect(cache.get('c', 's')?.user.name).toBe('C');
  });

  it('keeps nothing when its bound is 0', () => {
    const cache = new OpenedSessionCache(0);
    cache.set('a', 's', data('A'));
    expect(cache.get('a', 's')).toBeUndefined();
  });
});
