import { Logger } from '@nestjs/common';
import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  AccessDeniedError,
  InsufficientScopeError,
  MissingCredentialsError,
  Principal,
} from '@scalekit-nest/auth';
import { attachPrincipal } from '@scalekit-nest/auth/testing';
import { AuditTrail } from '../audit/audit-trail';
import { Audited } from '../audit/audited.decorator';
import { CapturingAuditLogger } from '../../../test/helpers/admin/capturing-audit.logger';
import { OrganizationAccess } from './organization-access.decorator';
import { OrganizationAccessGuard } from './organization-access.guard';

class Routes {
  @OrganizationAccess('read')
  read(): void {}

  @OrganizationAccess('write')
  @Audited('api_client.create')
  write(): void {}

  unmarked(): void {}
}

function principal(over: Partial<Principal>): Principal {
  return {
    kind: 'user',
    via: 'bearer',
    subject: 'usr_1',
    organizationId: 'org_1',
    clientId: undefined,
    scopes: new Set(),
    permissions: new Set(),
    roles: new Set(),
    expiresAt: 0,
    claims: {},
    ...over,
  };
}

function context(handler: keyof Routes, who: Principal | undefined, organizationId = 'org_1') {
  const request = { params: { organizationId }, method: 'POST', headers: {} };
  if (who) attachPrincipal(request, who);
  const response = { getHeader: () => undefined };
  const ctx = {
    getHandler: () => Routes.prototype[handler],
    getClass: () => Routes,
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => response }),
  } as unknown as ExecutionContext;
  return ctx;
}

describe('OrganizationAccessGuard', () => {
  const audit = new CapturingAuditLogger();
  const guard = new OrganizationAccessGuard(new Reflector(), new AuditTrail(audit));
  const perms = (...p: string[]) => new Set(p);

  beforeAll(() => {
    Logger.overrideLogger(false);
  });
  beforeEach(() => audit.events.splice(0));

  it('lets a user with the permission into its own organization', () => {
    expect(
      guard.canActivate(context('read', principal({ permissions: perms('api_clients:read') }))),
    ).toBe(true);
    expect(
      guard.canActivate(context('write', principal({ permissions: perms('api_clients:write') }))),
    ).toBe(true);
  });

  it('lets an API client with the scope in, and never takes a scope for a user permission', () => {
    expect(
      guard.canActivate(
        context(
          'read',
          principal({ kind: 'client', subject: 'm2morg_1', scopes: perms('api_clients:read') }),
        ),
      ),
    ).toBe(true);
    expect(() =>
      guard.canActivate(context('read', principal({ scopes: perms('api_clients:read') }))),
    ).toThrow(AccessDeniedError);
    expect(() =>
      guard.canActivate(
        context('read', principal({ kind: 'client', permissions: perms('api_clients:read') })),
      ),
    ).toThrow(InsufficientScopeError);
  });

  it('needs write for changes: read is not enough', () => {
    expect(() =>
      guard.canActivate(context('write', principal({ permissions: perms('api_clients:read') }))),
    ).toThrow(AccessDeniedError);
  });

  it('refuses another organization (or none) unless api_clients:admin', () => {
    const user = principal({ permissions: perms('api_clients:read') });
    expect(() => guard.canActivate(context('read', user, 'org_2'))).toThrow(
      expect.objectContaining({ code: 'organization_mismatch' }),
    );
    expect(() =>
      guard.canActivate(context('read', { ...user, organizationId: undefined })),
    ).toThrow(AccessDeniedError);
    expect(
      guard.canActivate(
        context(
          'read',
          principal({ permissions: perms('api_clients:read', 'api_clients:admin') }),
          'org_2',
        ),
      ),
    ).toBe(true);
    const client = principal({
      kind: 'client',
      scopes: perms('api_clients:read', 'api_clients:admin'),
    });
    expect(guard.canActivate(context('read', client, 'org_2'))).toBe(true);
  });

  it('closes unmarked handlers and requests without a principal', () => {
    expect(() =>
      guard.canActivate(context('unmarked', principal({ permissions: perms('api_clients:read') }))),
    ).toThrow(AccessDeniedError);
    expect(() => guard.canActivate(context('read', undefined))).toThrow(MissingCredentialsError);
  });

  it('audits denied changes (not denied reads)', () => {
    expect(() =>
      guard.canActivate(
        context('write', principal({ permissions: perms('api_clients:write') }), 'org_2'),
      ),
    ).toThrow();
    expect(() => guard.canActivate(context('read', principal({}), 'org_2'))).toThrow();
    expect(audit.events).toEqual([
      expect.objectContaining({
        action: 'api_client.create',
        outcome: 'denied',
        status: 403,
        error: 'organization_mismatch',
        organizationId: 'org_2',
        actor: { kind: 'user', via: 'bearer', subject: 'usr_1', organizationId: 'org_1' },
      }),
    ]);
  });
});
