import type { Principal, TokenVerifier } from '@scalekit-nest/auth';
import { SessionPrincipalFactory } from './session-principal.factory';

const bearer = (subject: string): Principal =>
  ({
    kind: 'user',
    via: 'bearer',
    subject,
    scopes: [],
    roles: [],
    permissions: [],
  }) as unknown as Principal;

describe('SessionPrincipalFactory', () => {
  it('verifies the token every time, and reuses the session copy of a cached principal', async () => {
    const alice = bearer('usr_a');
    const verify = jest.fn((token: string) =>
      token === 'good' ? Promise.resolve(alice) : Promise.reject(new Error('refused')),
    );
    const factory = new SessionPrincipalFactory({ verify } as unknown as TokenVerifier);
    const first = await factory.fromAccessToken('good');
    expect(first).toMatchObject({ subject: 'usr_a', via: 'session' });
    expect(Object.isFrozen(first)).toBe(true);
    await expect(factory.fromAccessToken('good')).resolves.toBe(first);
    // A refusal is never answered from the copy: the verifier decides each time.
    await expect(factory.fromAccessToken('revoked')).rejects.toThrow('refused');
    expect(verify).toHaveBeenCalledTimes(3);
  });

  it('a newly verified principal (another token) gets its own session copy', async () => {
    const principals = [bearer('usr_a'), bearer('usr_a')];
    const verify = jest.fn(() => Promise.resolve(principals.shift() as Principal));
    const factory = new SessionPrincipalFactory({ verify } as unknown as TokenVerifier);
    const one = await factory.fromAccessToken('t1');
    const two = await factory.fromAccessToken('t2');
    expect(one).not.toBe(two);
  });

  it("verifies a session's tokens once while the verifier says their principal is current", async () => {
    const alice = bearer('usr_a');
    let current = true;
    const verify = jest.fn(() => Promise.resolve(alice));
    const isCurrent = jest.fn(() => current);
    const factory = new SessionPrincipalFactory({ verify, isCurrent } as unknown as TokenVerifier);
    const tokens = { accessToken: 'good', expiresAt: 0 };
    const first = await factory.fromTokens(tokens);
    await expect(factory.fromTokens(tokens)).resolves.toBe(first);
    expect(verify).toHaveBeenCalledTimes(1);
    expect(isCurrent).toHaveBeenCalledWith(alice);
    // The verifier withdrew it (removed key, expiry, eviction): the token is verified again.
    current = false;
    await factory.fromTokens(tokens);
    expect(verify).toHaveBeenCalledTimes(2);
    // Other tokens (another session, a refresh) are their own entry.
    await factory.fromTokens({ accessToken: 'good', expiresAt: 0 });
    expect(verify).toHaveBeenCalledTimes(3);
  });

  it('passes a refusal on when the remembered principal is no longer current', async () => {
    const verify = jest
      .fn()
      .mockResolvedValueOnce(bearer('usr_a'))
      .mockRejectedValueOnce(new Error('refused'));
    const factory = new SessionPrincipalFactory({
      verify,
      isCurrent: () => false,
    } as unknown as TokenVerifier);
    const tokens = { accessToken: 'revoked-later', expiresAt: 0 };
    await factory.fromTokens(tokens);
    await expect(factory.fromTokens(tokens)).rejects.toThrow('refused');
  });
});
