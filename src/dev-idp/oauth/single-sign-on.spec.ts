import { isRecentEnough, parseMaxAge } from './single-sign-on';

describe('max_age (OIDC Core 3.1.2.1)', () => {
  const signedInAt = 1_000_000;

  it('lets any authentication answer when max_age is absent', () => {
    expect(isRecentEnough(signedInAt, undefined, signedInAt + 365 * 86400)).toBe(true);
  });

  it('lets an authentication answer until more than max_age seconds have passed', () => {
    expect(isRecentEnough(signedInAt, 60, signedInAt)).toBe(true);
    expect(isRecentEnough(signedInAt, 60, signedInAt + 60)).toBe(true);
    expect(isRecentEnough(signedInAt, 60, signedInAt + 61)).toBe(false);
  });

  it('never lets an authentication answer max_age=0, not even one from this second', () => {
    expect(isRecentEnough(signedInAt, 0, signedInAt)).toBe(false);
  });

  it('reads max_age as whole non-negative seconds, and anything else as malformed', () => {
    expect(parseMaxAge(null)).toBeUndefined();
    expect(parseMaxAge('0')).toBe(0);
    expect(parseMaxAge('3600')).toBe(3600);
    for (const bad of ['', '-1', '1.5', '1e3', ' 5', 'soon', '12345678901'])
      expect(parseMaxAge(bad)).toBeNull();
  });
});
