import type { IncomingMessage } from 'node:http';
import { readAuthorization } from './bearer-credentials';

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

  it.each([
    'Bearer',
    'Bearer a b',
    'Bearer a,Bearer b',
    'Bearer a, Bearer b',
    'Bearer "a"',
    'Bearer a=b',
    'Bearer a\tb',
  ])('refuses %j as malformed', (value) => {
    expect(readAuthorization(requestWith(value))).toMatchObject({ kind: 'malformed' });
  });

  it('refuses two Authorization headers', () => {
    expect(readAuthorization(requestWith('Bearer a', 'Bearer a'))).toEqual({
      kind: 'malformed',
      reason: 'more than one Authorization header',
    });
  });
});
