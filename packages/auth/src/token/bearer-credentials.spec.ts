import type { IncomingMessage } from 'node:http';
import { isToken68, readAuthorization } from './bearer-credentials';

const requestWith = (...values: string[]): IncomingMessage => {
  const rawHeaders = values.flatMap((v) => ['Authorization', v]);
  return {
    headers: values.length > 0 ? { authorization: values[0] } : {},
    rawHeaders,
  } as unknown as IncomingMessage;
};

describe('readAuthorization', () => {
  it('finds no credential without the header', () => {
    expect(readAuthorization(requestWith())).toEqual({ kind: 'absent' });
  });

  it.each([
    'Bearer abc.def.ghi',
    'bearer abc.def.ghi',
    'BEARER   abc.def.ghi',
    'Bearer a-b_c~d+e/f=',
  ])('reads %s', (value) => {
    expect(readAuthorization(requestWith(value))).toMatchObject({ kind: 'bearer' });
  });

  it('returns the token without the scheme', () => {
    expect(readAuthorization(requestWith('Bearer t0k=='))).toEqual({
      kind: 'bearer',
      token: 't0k==',
    });
  });

  it.each(['Basic abc', '', 'Token x', 'Bearerabc', 'Digest bearer x'])(
    'calls %j another scheme',
    (value) => {
      expect(readAuthorization(requestWith(value))).toEqual({ kind: 'unsupported' });
    },
  );

  it('refuses Bearer without a credential as malformed', () => {
    expect(readAuthorization(requestWith('Bearer'))).toMatchObject({ kind: 'malformed' });
  });

  it.each([
    ['Bearer a b', 'a b'],
    ['Bearer a,Bearer b', 'a,Bearer b'],
    ['Bearer "a"', '"a"'],
    ['Bearer a\tb', 'a\tb'],
  ])('hands %j on as presented: its syntax is the verifier’s to check', (value, token) => {
    expect(readAuthorization(requestWith(value))).toEqual({ kind: 'bearer', token });
  });

  it('refuses two Authorization headers', () => {
    expect(readAuthorization(requestWith('Bearer a', 'Bearer a'))).toEqual({
      kind: 'malformed',
      reason: 'more than one Authorization header',
    });
  });
});

describe('isToken68', () => {
  it.each(['abc.def.ghi', 'a-b_c~d+e/f=', 't0k==', 'A'])('accepts %j', (token) => {
    expect(isToken68(token)).toBe(true);
  });

  it.each(['', 'a b', 'a,b', '"a"', 'a=b', 'a\tb', 'a\nb', 'é', 'a==b'])('refuses %j', (token) => {
    expect(isToken68(token)).toBe(false);
  });
});
