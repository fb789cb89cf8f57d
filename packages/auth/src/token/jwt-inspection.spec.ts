import { InvalidTokenError } from '../errors';
import { inspectJwt } from './jwt-inspection';

const b64 = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const HEADER = { alg: 'RS256', kid: 'k1', typ: 'JWT' };
const PAYLOAD = { sub: 'usr_1' };
const token = (header: unknown = HEADER, payload: unknown = PAYLOAD, signature = 'c2ln') =>
  `${b64(header)}.${b64(payload)}.${signature}`;

/** The reason logged for `token`, or `accepted`; every refusal must be an InvalidTokenError. */
function reasonFor(jwt: string, algorithms: readonly string[] = ['RS256', 'PS256']): string {
  try {
    inspectJwt(jwt, algorithms);
    return 'accepted';
  } catch (error: unknown) {
    if (!(error instanceof InvalidTokenError)) throw error;
    return error.reason ?? '';
  }
}

/**
 * Each rule here is also enforced later (jsonwebtoken refuses `none`, non-objects, a missing
 * key...), so end-to-end tests pass with a rule removed: these pin the rules themselves.
 */
describe('inspectJwt', () => {
  it('accepts a well-formed header and returns alg and kid', () => {
    expect(inspectJwt(token(), ['RS256'])).toEqual({
      header: { alg: 'RS256', kid: 'k1' },
      payload: PAYLOAD,
    });
  });

  it.each([
    ['two segments', `${b64(HEADER)}.${b64(PAYLOAD)}`],
    ['four segments', `${token()}.x`],
    ['an empty signature (alg none style)', token(HEADER, PAYLOAD, '')],
    ['a character outside base64url', token(HEADER, PAYLOAD, 'c2l+')],
  ])('refuses %s', (_name, jwt) => {
    expect(reasonFor(jwt)).toBe('not a compact JWS');
  });

  it.each([['"usr_1"'], ['[{"sub":"usr_1"}]'], ['null'], ['1'], ['true']])(
    'refuses the payload %s: it must be a JSON object',
    (payload) => {
      expect(reasonFor(token(HEADER, payload))).toBe('payload is not a JSON object');
    },
  );

  it('refuses a header or payload that is not JSON, or a header that is not an object', () => {
    expect(reasonFor(token(HEADER, 'not json'))).toBe('payload is not JSON');
    expect(reasonFor(token('{"alg":'))).toBe('header is not JSON');
    expect(reasonFor(token([HEADER]))).toBe('header is not a JSON object');
  });

  it.each(['none', 'HS256', 'ES256', 'rs256', 42, undefined])('refuses alg %j', (alg) => {
    expect(reasonFor(token({ ...HEADER, alg }))).toBe(`alg ${String(alg)} not allowed`);
  });

  it.each([
    ['absent', undefined],
    ['empty', ''],
    ['a number', 7],
    ['an array', ['k1']],
    ['over 256 characters', 'k'.repeat(257)],
  ])('refuses a kid that is %s', (_name, kid) => {
    expect(reasonFor(token({ ...HEADER, kid }))).toBe('missing or unusable kid');
  });

  it('passes odd but harmless kids through to the key lookup', () => {
    for (const kid of ['__proto__', 'constructor', 'k'.repeat(256)]) {
      expect(inspectJwt(token({ ...HEADER, kid }), ['RS256']).header.kid).toBe(kid);
    }
  });

  it('accepts typ JWT, at+jwt (any case) or none at all; refuses other types', () => {
    for (const typ of ['JWT', 'jwt', 'at+jwt', 'AT+JWT', 'application/at+jwt', undefined]) {
      expect(reasonFor(token({ ...HEADER, typ }))).toBe('accepted');
    }
    expect(reasonFor(token({ ...HEADER, typ: 'dpop+jwt' }))).toBe(
      'typ dpop+jwt is not an access token type',
    );
    expect(reasonFor(token({ ...HEADER, typ: 'logout+jwt' }))).toMatch(/^typ /);
    expect(reasonFor(token({ ...HEADER, typ: 1 }))).toBe('typ number is not an access token type');
  });

  it('accepts the types a caller names instead (a logout token), and only those', () => {
    const logoutTypes = new Set(['logout+jwt']);
    expect(
      inspectJwt(token({ ...HEADER, typ: 'Logout+JWT' }), ['RS256'], logoutTypes),
    ).toBeDefined();
    expect(() => inspectJwt(token({ ...HEADER, typ: 'at+jwt' }), ['RS256'], logoutTypes)).toThrow(
      expect.objectContaining({ reason: 'typ at+jwt is not a type accepted here' }) as Error,
    );
  });

  it('refuses any crit header, even an empty one', () => {
    expect(reasonFor(token({ ...HEADER, crit: [] }))).toBe('crit header present');
    expect(reasonFor(token({ ...HEADER, crit: ['b64'], b64: false }))).toBe('crit header present');
  });

  it.each(['jku', 'x5u', 'jwk', 'x5c'])('refuses a %s header whatever its value', (name) => {
    expect(reasonFor(token({ ...HEADER, [name]: null }))).toBe(`${name} header present`);
  });

  it('reads own header members only, never inherited ones', () => {
    const jwt = `${b64('{"alg":"RS256","kid":"k1","__proto__":{"crit":["x"],"jku":"http://x"}}')}.${b64(PAYLOAD)}.c2ln`;
    expect(reasonFor(jwt)).toBe('accepted');
  });
});
