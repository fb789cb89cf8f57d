import { readLoginRouting } from './login-routing';

describe('readLoginRouting', () => {
  it('maps each parameter to its field and leaves out empty ones', () => {
    expect(
      readLoginRouting({
        organization_id: 'org_123',
        connection_id: 'conn_456',
        login_hint: ' Ada@Acme.test ',
        domain_hint: '',
        next: '/dashboard',
      }),
    ).toEqual({ organizationId: 'org_123', connectionId: 'conn_456', loginHint: 'Ada@Acme.test' });
    expect(readLoginRouting({})).toEqual({});
    expect(readLoginRouting({ domain_hint: 'sub.acme.test', provider: 'github' })).toEqual({
      domainHint: 'sub.acme.test',
      provider: 'github',
    });
  });

  it.each([
    ['login_hint', 'ada@'],
    ['login_hint', 'ada@acme'],
    ['login_hint', `${'a'.repeat(65)}@acme.test`],
    ['login_hint', 'a b@acme.test'],
    ['domain_hint', `${'a'.repeat(64)}.test`],
    ['domain_hint', '-acme.test'],
    ['organization_id', 'org_x!'],
    ['connection_id', 'conn_1;drop'],
    ['provider', 'Google'],
  ])('refuses %s=%j, naming the parameter and not the value', (name, value) => {
    expect(() => readLoginRouting({ [name]: value })).toThrow(
      expect.objectContaining({
        message: expect.stringContaining(`${name} must be`),
      }) as Error,
    );
    try {
      readLoginRouting({ [name]: value });
    } catch (error: unknown) {
      expect(JSON.stringify((error as { getResponse(): unknown }).getResponse())).not.toContain(
        value,
      );
    }
  });

  it('refuses a parameter given twice (an array) rather than picking one', () => {
    expect(() => readLoginRouting({ organization_id: ['org_1', 'org_2'] })).toThrow(
      /organization_id must be/,
    );
  });
});
