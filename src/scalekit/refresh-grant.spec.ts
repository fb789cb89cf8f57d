import { readRefreshAnswer } from './refresh-grant';
import { ScalekitInvalidResponseError } from './scalekit.errors';

describe('readRefreshAnswer', () => {
  it('keeps access_token and a new refresh_token', () => {
    expect(readRefreshAnswer({ access_token: 'at', refresh_token: 'rt' })).toEqual({
      accessToken: 'at',
      refreshToken: 'rt',
    });
  });

  it('reads an answer without refresh_token as "keep the old one" (RFC 6749 section 6)', () => {
    expect(readRefreshAnswer({ access_token: 'at' })).toEqual({
      accessToken: 'at',
      refreshToken: undefined,
    });
    expect(readRefreshAnswer({ access_token: 'at', refresh_token: '' }).refreshToken).toBe(
      undefined,
    );
  });

  it.each([
    ['no body', undefined],
    ['a string body', 'ok'],
    ['no access_token', { refresh_token: 'rt' }],
    ['an empty access_token', { access_token: '' }],
    ['a numeric access_token', { access_token: 1 }],
    ['an object refresh_token', { access_token: 'at', refresh_token: {} }],
  ])('refuses %s as an out-of-protocol answer', (_name, body) => {
    expect(() => readRefreshAnswer(body)).toThrow(ScalekitInvalidResponseError);
  });
});
