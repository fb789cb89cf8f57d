import { parseTrustProxy } from './trust-proxy';

describe('parseTrustProxy', () => {
  it.each([
    [undefined, false],
    ['', false],
    ['false', false],
    ['0', false],
    ['1', 1],
    ['2', 2],
    ['10.0.0.1', ['10.0.0.1']],
    ['10.0.0.0/8, 192.168.1.1 ,::1', ['10.0.0.0/8', '192.168.1.1', '::1']],
    ['loopback,uniquelocal', ['loopback', 'uniquelocal']],
    ['fd00::/8', ['fd00::/8']],
  ])('reads %p as %p', (raw, value) => {
    expect(parseTrustProxy(raw, true)).toEqual({ ok: true, value });
  });

  it('refuses true in production, naming what to set instead', () => {
    const result = parseTrustProxy('true', true);
    expect(result).toEqual({ ok: false, problem: expect.stringMatching(/^TRUST_PROXY: .*hops/) });
  });

  it('reads true outside production as one hop', () => {
    expect(parseTrustProxy('true', false)).toEqual({ ok: true, value: 1 });
  });

  it.each([
    '11',
    'yes',
    '10.0.0.0/33',
    '::1/129',
    '10.0.0.1/8/2',
    'example.com',
    '10.0.0.1,',
    '-1',
  ])('refuses %p', (raw) => {
    expect(parseTrustProxy(raw, false)).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/^TRUST_PROXY: /),
    });
  });
});
