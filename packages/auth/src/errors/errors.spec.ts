import { stampRealm } from '../request-state';
import {
  AccessDeniedError,
  InsufficientScopeError,
  InvalidTokenError,
  KeySetUnavailableError,
  MissingCredentialsError,
} from './index';
import { bearerChallenge } from './challenge';

describe('auth errors', () => {
  it('MissingCredentialsError: 401, bare challenge', () => {
    const error = new MissingCredentialsError();
    expect(error.getStatus()).toBe(401);
    expect(error.getResponse()).toEqual({
      error: 'missing_credentials',
      message: 'Authentication is required',
    });
    expect(error.challenge('api')).toBe('Bearer realm="api"');
  });

  it('InvalidTokenError: 401, invalid_token with a coarse description, reason kept apart', () => {
    const error = new InvalidTokenError('kid unknown', 'The access token expired');
    expect(error.getStatus()).toBe(401);
    expect(error.reason).toBe('kid unknown');
    expect(error.challenge('api')).toBe(
      'Bearer realm="api", error="invalid_token", error_description="The access token expired"',
    );
    expect(JSON.stringify(error.getResponse())).not.toContain('kid unknown');
  });

  it('InsufficientScopeError: 403 with the scopes', () => {
    const error = new InsufficientScopeError(['a:b', 'c']);
    expect(error.getStatus()).toBe(403);
    expect(error.challenge('api')).toBe(
      'Bearer realm="api", error="insufficient_scope", error_description="The access token lacks a required scope", scope="a:b c"',
    );
  });

  it('AccessDeniedError: 403, the given code, no challenge; refuses a non-snake_case code', () => {
    const error = new AccessDeniedError('organization_mismatch', 'Not your organization');
    expect(error.getStatus()).toBe(403);
    expect(error.getResponse()).toEqual({
      error: 'organization_mismatch',
      message: 'Not your organization',
    });
    expect(error.responseHeaders({})).toEqual({});
    expect(() => new AccessDeniedError('Bad Code', 'x')).toThrow(TypeError);
  });

  it('KeySetUnavailableError: 503 with Retry-After in whole seconds', () => {
    const error = new KeySetUnavailableError(0.2);
    expect(error.getStatus()).toBe(503);
    expect(error.challenge()).toBeUndefined();
    expect(error.responseHeaders()).toEqual({ 'Retry-After': '1' });
  });

  it('takes the realm the guard stamped on the request, else a fallback', () => {
    const request = {};
    expect(new MissingCredentialsError().responseHeaders(request)).toEqual({
      'WWW-Authenticate': 'Bearer realm="api"',
    });
    stampRealm(request, 'deploy');
    expect(new MissingCredentialsError().responseHeaders(request)).toEqual({
      'WWW-Authenticate': 'Bearer realm="deploy"',
    });
  });

  it('escapes quotes and backslashes in challenge values', () => {
    expect(bearerChallenge('a"b\\c')).toBe('Bearer realm="a\\"b\\\\c"');
  });

  it('drops characters a quoted-string cannot hold, so no value splits the header', () => {
    expect(bearerChallenge('api', { scope: 'a\r\nSet-Cookie: s=1\u0000é' })).toBe(
      'Bearer realm="api", scope="aSet-Cookie: s=1"',
    );
  });

  it('InsufficientScopeError refuses scopes that are not scope-tokens', () => {
    for (const scopes of [[], ['a b'], ['a"b'], ['a\\b'], ['a\r\nSet-Cookie: s=1'], ['']]) {
      expect(() => new InsufficientScopeError(scopes)).toThrow(TypeError);
    }
  });
});
