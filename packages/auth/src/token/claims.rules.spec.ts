import { InvalidTokenError } from '../errors';
import { checkAccessTokenClaims } from './claims.rules';

const NOW = 1_700_000_000;
const valid = { sub: 'usr_1', exp: NOW + 60, iat: NOW };
const check = (claims: Record<string, unknown>) => () => checkAccessTokenClaims(claims, NOW, 5);

describe('checkAccessTokenClaims', () => {
  it('accepts a token with sub and exp, iat optional', () => {
    expect(check(valid)()).toEqual({ sub: 'usr_1', exp: NOW + 60 });
    expect(check({ sub: 'usr_1', exp: NOW + 60 })()).toEqual({ sub: 'usr_1', exp: NOW + 60 });
  });

  // JSON.parse turns `1e400` into Infinity; jsonwebtoken takes an infinite `exp` as never expiring.
  it.each([undefined, '1800000000', Infinity, NaN, null])('refuses exp %p', (exp) => {
    expect(check({ ...valid, exp })).toThrow(InvalidTokenError);
  });

  it.each(['yesterday', -Infinity, Infinity, NaN, null, NOW + 6])('refuses iat %p', (iat) => {
    expect(check({ ...valid, iat })).toThrow(InvalidTokenError);
  });

  it('allows iat up to the leeway ahead', () => {
    expect(check({ ...valid, iat: NOW + 5 })).not.toThrow();
  });

  it.each([undefined, '', 42])('refuses sub %p', (sub) => {
    expect(check({ ...valid, sub })).toThrow(InvalidTokenError);
  });

  it.each([{ nonce: 'n' }, { at_hash: 'h' }, { c_hash: 'h' }, { azp: 'skc_1' }])(
    'refuses an ID token marked by %j',
    (marker) => {
      expect(check({ ...valid, ...marker })).toThrow(
        expect.objectContaining({ reason: expect.stringContaining('not an access token') }),
      );
    },
  );

  it('accepts azp beside client_id', () => {
    expect(check({ ...valid, azp: 'skc_1', client_id: 'skc_1' })).not.toThrow();
  });
});
