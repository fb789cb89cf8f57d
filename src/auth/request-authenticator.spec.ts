import type { Request } from 'express';
import { CredentialSourceRegistry } from './credential-source.registry';
import { InvalidTokenError, MissingCredentialsError } from './errors';
import type { Principal } from './principal';
import { RequestAuthenticator } from './request-authenticator';
import { getPrincipal } from './request-state';
import type { TokenVerifier } from './token/token-verifier';

const principal = { subject: 'usr_1' } as Principal;
const requestWith = (authorization?: string): Request =>
  ({
    headers: authorization === undefined ? {} : { authorization },
    rawHeaders: [],
  }) as unknown as Request;

describe('RequestAuthenticator', () => {
  const verify = jest.fn((token: string) =>
    token === 'good' ? Promise.resolve(principal) : Promise.reject(new InvalidTokenError('bad')),
  );
  const registry = new CredentialSourceRegistry();
  const authenticator = new RequestAuthenticator({ verify } as unknown as TokenVerifier, registry);

  it('verifies the bearer token once per request and attaches the principal', async () => {
    const request = requestWith('Bearer good');
    await expect(authenticator.authenticate(request)).resolves.toBe(principal);
    await expect(authenticator.authenticate(request)).resolves.toBe(principal);
    expect(verify).toHaveBeenCalledTimes(1);
    expect(getPrincipal(request)).toBe(principal);
  });

  it('registers a source only once and asks sources in order', async () => {
    const order: string[] = [];
    const first = { authenticate: () => (order.push('first'), Promise.resolve(null)) };
    const second = { authenticate: () => (order.push('second'), Promise.resolve(principal)) };
    registry.register(first);
    registry.register(second);
    registry.register(first);
    expect(registry.list()).toEqual([first, second]);
    await expect(authenticator.authenticate(requestWith())).resolves.toBe(principal);
    expect(order).toEqual(['first', 'second']);
  });

  it('maps header problems to auth errors', async () => {
    await expect(authenticator.authenticate(requestWith('Basic x'))).rejects.toBeInstanceOf(
      MissingCredentialsError,
    );
    await expect(authenticator.authenticate(requestWith('Bearer a b'))).rejects.toBeInstanceOf(
      InvalidTokenError,
    );
    const empty = new RequestAuthenticator(
      { verify } as unknown as TokenVerifier,
      new CredentialSourceRegistry(),
    );
    await expect(empty.authenticate(requestWith())).rejects.toBeInstanceOf(MissingCredentialsError);
  });
});
