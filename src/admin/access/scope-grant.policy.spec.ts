import { Logger } from '@nestjs/common';
import type { Principal } from '@scalekit-nest/auth';
import { AdminHttpError } from '../errors/admin-http.error';
import { ScopeGrantPolicy } from './scope-grant.policy';

function principal(over: Partial<Principal>): Principal {
  return {
    kind: 'user',
    via: 'bearer',
    subject: 'usr_1',
    organizationId: 'org_1',
    clientId: undefined,
    scopes: new Set(),
    permissions: new Set(['api_clients:write']),
    roles: new Set(),
    expiresAt: 0,
    claims: {},
    ...over,
  };
}

/** What `check` answered: 'ok', or the status, code and details of the refusal. */
function outcome(policy: ScopeGrantPolicy, who: Principal, scopes: string[]) {
  try {
    policy.check(who, scopes);
    return 'ok';
  } catch (error: unknown) {
    if (!(error instanceof AdminHttpError)) throw error;
    const body = error.getResponse() as { details?: unknown };
    return { status: error.getStatus(), code: error.code, details: body.details };
  }
}

describe('ScopeGrantPolicy', () => {
  const policy = new ScopeGrantPolicy(new Set(['read:deployments', 'api_clients:read']));
  const admin = new Set(['api_clients:write', 'api_clients:admin']);

  beforeAll(() => {
    Logger.overrideLogger(false);
  });

  it('lets an organization admin grant scopes of the grantable set', () => {
    expect(outcome(policy, principal({}), ['read:deployments', 'api_clients:read'])).toBe('ok');
  });

  it('refuses api_clients:admin to a caller who does not hold it: the tenant escape', () => {
    expect(outcome(policy, principal({}), ['api_clients:read', 'api_clients:admin'])).toEqual({
      status: 403,
      code: 'scope_not_grantable',
      details: undefined,
    });
  });

  it('lets a holder grant api_clients:admin: a user by permission, a client by scope', () => {
    const scopes = ['read:deployments', 'api_clients:admin'];
    expect(outcome(policy, principal({ permissions: admin }), scopes)).toBe('ok');
    expect(outcome(policy, principal({ kind: 'client', scopes: admin }), scopes)).toBe('ok');
  });

  it('never takes a scope for a user permission, nor a permission for a client scope', () => {
    const scopes = ['api_clients:admin'];
    expect(outcome(policy, principal({ scopes: admin }), scopes)).toMatchObject({ status: 403 });
    expect(
      outcome(policy, principal({ kind: 'client', permissions: admin, scopes: new Set() }), scopes),
    ).toMatchObject({ status: 403 });
  });

  it('names each scope outside the grantable set, holders of api_clients:admin included', () => {
    expect(
      outcome(policy, principal({ permissions: admin }), [
        'read:deployments',
        'billing:refund',
        'api_clients:admin',
        'x:y',
      ]),
    ).toEqual({
      status: 400,
      code: 'validation_failed',
      details: [
        { field: 'scopes[1]', problem: expect.stringContaining('"billing:refund"') },
        { field: 'scopes[3]', problem: expect.stringContaining('"x:y"') },
      ],
    });
  });

  it('says which scopes are grantable', () => {
    expect(outcome(policy, principal({}), ['x:y'])).toMatchObject({
      details: [{ problem: expect.stringContaining('api_clients:read, read:deployments') }],
    });
  });
});
