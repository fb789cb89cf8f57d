import type { AuthCall } from './contexts/auth-call';
import { CredentialSourceRegistry } from './credential-source.registry';
import { InvalidTokenError, MissingCredentialsError } from './errors';
import type { Principal } from './principal';
import { RequestAuthenticator } from './request-authenticator';
import { getPrincipal } from './request-state';
import { parseAuthorization } from './token/bearer-credentials';
import type { TokenVerifier } from './token/token-verifier';

const principal = { subject: 'usr_1', expiresAt: 4_000_000_000 } as Principal;
const httpCall = (authorization?: string, carrier: object = {}): AuthCall => ({
  carrier,
  authorization: parseAuthorization(authorization),
  httpRequest: carrier,
  persistent: false,
  label: 'GET /',
});

describe('RequestAuthenticator', () => {
  const verify = jest.fn((token: string) =>
    token === 'good' ? Promise.resolve(principal) : Promise.reject(new InvalidTokenError('bad')),
  );
  const registry = new CredentialSourceRegistry();
  const authenticator = new RequestAuthenticator({ verify } as unknown as TokenVerifier, registry);

  beforeEach(() => verify.mockClear());

  it('verifies the bearer token once per carrier and attaches the principal', async () => {
    const call = httpCall('Bearer good');
    await expect(authenticator.authenticate(call)).resolves.toBe(principal);
    await expect(authenticator.authenticate(call)).resolves.toBe(principal);
    expect(verify).toHaveBeenCalledTimes(1);
    expect(getPrincipal(call.carrier)).toBe(principal);
  });

  it('registers a source only once and asks sources in order', async () => {
    const order: string[] = [];
    const first = { authenticate: () => (order.push('first'), Promise.resolve(null)) };
    const second = { authenticate: () => (order.push('second'), Promise.resolve(principal)) };
    registry.register(first);
    registry.register(second);
    registry.register(first);
    expect(registry.list()).toEqual([first, second]);
    await expect(authenticator.authenticate(httpCall())).resolves.toBe(principal);
    expect(order).toEqual(['first', 'second']);
  });

  it('judges a call that presents a credential by it alone, never by a source', async () => {
    await expect(authenticator.authenticate(httpCall('Bearer bad'))).rejects.toBeInstanceOf(
      InvalidTokenError,
    );
  });

  it('maps header problems to auth errors, and no credential to anonymous', async () => {
    await expect(authenticator.authenticate(httpCall('Basic x'))).rejects.toBeInstanceOf(
      MissingCredentialsError,
    );
    await expect(authenticator.authenticate(httpCall('Bearer a b'))).rejects.toBeInstanceOf(
      InvalidTokenError,
    );
    const empty = new RequestAuthenticator(
      { verify } as unknown as TokenVerifier,
      new CredentialSourceRegistry(),
    );
    await expect(empty.authenticate(httpCall())).resolves.toBeUndefined();
  });

  it('asks no credential source for a call that is not HTTP', async () => {
    const source = { authenticate: jest.fn(() => Promise.resolve(principal)) };
    const withSource = new CredentialSourceRegistry();
    withSource.register(source);
    const socketAuth = new RequestAuthenticator({ verify } as unknown as TokenVerifier, withSource);
    const call: AuthCall = {
      carrier: {},
      authorization: { kind: 'absent' },
      persistent: true,
      label: 'ws',
    };
    await expect(socketAuth.authenticate(call)).resolves.toBeUndefined();
    expect(source.authenticate).not.toHaveBeenCalled();
  });

  it('re-checks exp on a persistent carrier, refusing once the token has expired', async () => {
    const expiring = {
      subject: 'usr_2',
      expiresAt: Math.floor(Date.now() / 1000) + 60,
    } as Principal;
    const once = jest.fn(() => Promise.resolve(expiring));
    const socketAuth = new RequestAuthenticator(
      { verify: once } as unknown as TokenVerifier,
      new CredentialSourceRegistry(),
    );
    const call: AuthCall = {
      carrier: {},
      authorization: parseAuthorization('Bearer t'),
      persistent: true,
      label: 'ws',
    };
    await expect(socketAuth.authenticate(call)).resolves.toBe(expiring);
    const later = jest.spyOn(Date, 'now').mockReturnValue((expiring.expiresAt + 1) * 1000);
    try {
      await expect(socketAuth.authenticate(call)).rejects.toMatchObject({
        message: 'The access token expired',
      });
    } finally {
      later.mockRestore();
    }
    expect(once).toHaveBeenCalledTimes(1);
  });
});
