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
});
