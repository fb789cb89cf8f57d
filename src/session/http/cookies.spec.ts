import { readCookie } from './cookies';

const read = (cookie: string | undefined, name = 'sid'): string | undefined =>
  readCookie({ headers: cookie === undefined ? {} : { cookie } }, name);

describe('readCookie', () => {
  it('finds the cookie wherever it sits, with or without blanks', () => {
    expect(read('sid=abc')).toBe('abc');
    expect(read('a=1; sid=abc; b=2')).toBe('abc');
    expect(read('a=1;sid=abc')).toBe('abc');
    expect(read('  sid = abc ;b=2')).toBe('abc');
    expect(read('a=1; b=2; sid=abc')).toBe('abc');
  });

  it('takes the first of repeated cookies (the most specific, as browsers order them)', () => {
    expect(read('sid=first; sid=second')).toBe('first');
  });

  it('does not confuse a cookie with one whose name contains it, or with a value', () => {
    expect(read('xsid=1; sidx=2')).toBeUndefined();
    expect(read('a=sid=abc')).toBeUndefined();
    expect(read('a=x; sid=')).toBe('');
  });

  it('decodes percent-encoding, and refuses a value that does not decode', () => {
    expect(read('sid=a%20b')).toBe('a b');
    expect(read('sid=%E0%A4%A')).toBeUndefined();
  });

  it('answers nothing for no header, an empty one, or parts without =', () => {
    expect(read(undefined)).toBeUndefined();
    expect(read('')).toBeUndefined();
    expect(read(';;; sid ; ;')).toBeUndefined();
    expect(read('sid')).toBeUndefined();
  });
});
