import { Logger } from '@nestjs/common';
import { TestIssuer } from '../testing/test-issuer';
import { resolveAuthSettings } from '../auth-options';
import { KeySetUnavailableError } from '../errors';
import { JwksKeySet } from './jwks-key-set';

describe('JwksKeySet', () => {
  let issuer: TestIssuer;
  const sets: JwksKeySet[] = [];

  const keySet = (
    overrides: { jwksCooldownMs?: number; jwksMaxAgeMs?: number; jwksTimeoutMs?: number } = {},
  ) => {
    const set = new JwksKeySet(
      resolveAuthSettings({
        issuer: issuer.url,
        audiences: ['a'],
        jwksCooldownMs: 100,
        jwksTimeoutMs: 300,
        ...overrides,
      }),
    );
    sets.push(set);
    return set;
  };
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  beforeAll(() => {
    Logger.overrideLogger(false);
  });
  beforeEach(async () => {
    issuer = await TestIssuer.start();
  });
  afterEach(async () => {
    for (const set of sets.splice(0)) set.onModuleDestroy();
    await issuer.close();
  });

  it('loads keys as KeyObjects with their kid and alg', async () => {
    const set = keySet();
    const key = await set.getKey(issuer.currentKey.kid);
    expect(key).toMatchObject({ kid: issuer.currentKey.kid, alg: 'RS256' });
    expect(key?.publicKey.type).toBe('public');
    expect(set.state()).toMatchObject({ status: 'ready', keyCount: 1, fetches: 1 });
  });

  it('reports empty, then loading, then ready', async () => {
    const set = keySet();
    expect(set.state().status).toBe('empty');
    set.onApplicationBootstrap();
    expect(set.state().status).toBe('loading');
    await set.getKey('any');
    expect(set.state().status).toBe('ready');
  });

  it('shares one fetch among concurrent misses and waits out the cooldown', async () => {
    const set = keySet();
    await Promise.all(Array.from({ length: 20 }, (_, i) => set.getKey(`k${i}`)));
    expect(issuer.jwksFetches).toBe(1);
    await set.getKey('unknown');
    expect(issuer.jwksFetches).toBe(1);
    await sleep(120);
    await set.getKey('unknown');
    expect(issuer.jwksFetches).toBe(2);
  });

  it('tells listeners which kids left, keeping keys while the JWKS fails', async () => {
    const set = keySet();
    const removed: string[] = [];
    set.onKeyRemoved((kid) => removed.push(kid));
    const first = issuer.currentKey.kid;
    await set.getKey(first);
    issuer.setOutage('error');
    await sleep(120);
    await set.getKey('new');
    expect(set.state().status).toBe('stale');
    expect(await set.getKey(first)).toBeDefined();
    issuer.setOutage('none');
    const next = await issuer.rotate();
    issuer.removeKey(first);
    await sleep(120);
    expect(await set.getKey(next.kid)).toBeDefined();
    expect(removed).toEqual([first]);
    expect(await set.getKey(first)).toBeUndefined();
  });

  it('throws KeySetUnavailableError while no key set was ever loaded, retrying after a delay', async () => {
    issuer.setOutage('error');
    const set = keySet();
    await expect(set.getKey('k')).rejects.toBeInstanceOf(KeySetUnavailableError);
    await expect(set.getKey('k')).rejects.toMatchObject({ retryAfterSec: 1 });
    expect(issuer.jwksFetches).toBe(1);
    expect(set.state().status).toBe('unavailable');
    issuer.setOutage('none');
    set.ensureLoading();
    expect(issuer.jwksFetches).toBe(1);
    await sleep(120);
    set.ensureLoading();
    await sleep(50);
    expect(set.state().status).toBe('ready');
  });

  it('retries a cold key set after 250 ms, doubling on each failure in a row, one fetch at a time', async () => {
    issuer.setOutage('error');
    const set = keySet({ jwksCooldownMs: 60_000 });
    await expect(set.getKey('k')).rejects.toBeInstanceOf(KeySetUnavailableError);
    await Promise.allSettled(Array.from({ length: 10 }, () => set.getKey('k')));
    expect(issuer.jwksFetches).toBe(1);
    await sleep(280);
    await expect(set.getKey('k')).rejects.toBeInstanceOf(KeySetUnavailableError);
    expect(issuer.jwksFetches).toBe(2);
    // Second failure in a row: the next attempt waits 500 ms.
    await sleep(280);
    await expect(set.getKey('k')).rejects.toBeInstanceOf(KeySetUnavailableError);
    expect(issuer.jwksFetches).toBe(2);
    await sleep(260);
    issuer.setOutage('none');
    expect(await set.getKey(issuer.currentKey.kid)).toBeDefined();
    expect(issuer.jwksFetches).toBe(3);
  });

  it('refreshes in the background once the key set is older than its max age', async () => {
    const set = keySet({ jwksMaxAgeMs: 50 });
    await set.getKey(issuer.currentKey.kid);
    await sleep(120);
    expect(await set.getKey(issuer.currentKey.kid)).toBeDefined();
    await sleep(50);
    expect(issuer.jwksFetches).toBe(2);
  });

  it('treats __proto__ and other Object.prototype names as ordinary kids', async () => {
    await issuer.addKey('RS256', '__proto__');
    const set = keySet();
    expect(await set.getKey('__proto__')).toMatchObject({ kid: '__proto__' });
    expect(await set.getKey('constructor')).toBeUndefined();
    expect(await set.getKey('hasOwnProperty')).toBeUndefined();
  });

  it('refuses a JWKS document without usable keys', async () => {
    issuer.removeKey(issuer.currentKey.kid);
    const set = keySet();
    await expect(set.getKey('k')).rejects.toBeInstanceOf(KeySetUnavailableError);
  });
});
