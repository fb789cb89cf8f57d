import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExpiringFileMap } from './expiring-file-map';

const isString = (v: unknown): v is string => typeof v === 'string';

describe('ExpiringFileMap', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'file-map-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('survives a restart (a new instance reads the files)', async () => {
    const first = new ExpiringFileMap(dir, 10, isString);
    await first.set('a', 'one', 60_000);
    await first.set('b', 'two', 60_000);
    await first.delete('b');
    const second = new ExpiringFileMap(dir, 10, isString);
    expect(second.get('a')).toBe('one');
    expect(second.get('b')).toBeUndefined();
  });

  it('expires entries and sweeps their files', async () => {
    const map = new ExpiringFileMap(dir, 10, isString);
    await map.set('a', 'one', 1);
    await map.set('b', 'two', 60_000);
    expect(map.get('a', Date.now() + 5)).toBeUndefined();
    await map.sweep(Date.now() + 5);
    await map.flush();
    expect(readdirSync(dir).sort()).toEqual(['b.json']);
  });

  it('is bounded: the oldest entry makes room', async () => {
    const map = new ExpiringFileMap(dir, 2, isString);
    await map.set('a', '1', 60_000);
    await map.set('b', '2', 60_000);
    await map.set('c', '3', 60_000);
    await map.flush();
    expect(map.size).toBe(2);
    expect(map.get('a')).toBeUndefined();
    expect(new ExpiringFileMap(dir, 2, isString).get('c')).toBe('3');
  });

  it('writes atomically and ends with the latest value when writes race', async () => {
    const map = new ExpiringFileMap(dir, 10, isString);
    await Promise.all(Array.from({ length: 20 }, (_v, i) => map.set('k', `v${i}`, 60_000)));
    expect(readdirSync(dir)).toEqual(['k.json']);
    expect(new ExpiringFileMap(dir, 10, isString).get('k')).toBe('v19');
  });

  it('drops corrupt entries and stale temporary files at load, and refuses unsafe keys', async () => {
    writeFileSync(join(dir, 'bad.json'), '{nope');
    writeFileSync(
      join(dir, 'num.json'),
      JSON.stringify({ value: 3, expiresAt: Date.now() + 60_000 }),
    );
    writeFileSync(join(dir, '.old.tmp'), 'partial');
    const old = new Date(Date.now() - 120_000);
    utimesSync(join(dir, '.old.tmp'), old, old);
    writeFileSync(join(dir, '.writing.tmp'), 'another process is writing');
    const map = new ExpiringFileMap(dir, 10, isString);
    expect(map.size).toBe(0);
    expect(readdirSync(dir)).toEqual(['.writing.tmp']);
    await expect(map.set('../escape', 'x', 1000)).rejects.toThrow(TypeError);
  });
});
