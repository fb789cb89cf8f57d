import { ExecutionContext, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AccessGuard } from './access.guard';
import { resolveAuthSettings } from './auth-options';
import { AnyPermission, Permissions } from './decorators/permissions.decorator';
import { Public } from './decorators/public.decorator';
import { AnyScope, Scopes } from './decorators/scopes.decorator';
import { AccessDeniedError, InsufficientScopeError, MissingCredentialsError } from './errors';
import type { Principal } from './principal';
import type { RequestAuthenticator } from './request-authenticator';
import { realmOf } from './request-state';

@Scopes('base')
class Guarded {
  plain(): void {}
  @Scopes('extra')
  extra(): void {}
  @AnyScope('x', 'y')
  anyScope(): void {}
  @Permissions('p1', 'p2')
  allPermissions(): void {}
  @AnyPermission('p1', 'p3')
  anyPermission(): void {}
  @Public()
  open(): void {}
}

const principal = (scopes: string[], permissions: string[] = []): Principal => ({
  kind: 'client',
  via: 'bearer',
  subject: 'm2morg_1',
  organizationId: undefined,
  clientId: undefined,
  scopes: new Set(scopes),
  permissions: new Set(permissions),
  roles: new Set(),
  expiresAt: 0,
  claims: {},
});

function contextFor(handler: keyof Guarded, request: object = {}, type = 'http'): ExecutionContext {
  return {
    getType: () => type,
    getClass: () => Guarded,
    getHandler: () => Guarded.prototype[handler],
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
}

describe('AccessGuard', () => {
  let who: Principal | Error;
  const authenticator = {
    authenticate: jest.fn(() =>
      who instanceof Error ? Promise.reject(who) : Promise.resolve(who),
    ),
  } as unknown as RequestAuthenticator;
  const guard = new AccessGuard(
    new Reflector(),
    authenticator,
    resolveAuthSettings({ issuer: 'https://i', audiences: ['a'], realm: 'r' }),
  );

  beforeAll(() => {
    Logger.overrideLogger(false);
  });
  beforeEach(() => jest.clearAllMocks());

  it('lets a public route through without authenticating', async () => {
    await expect(guard.canActivate(contextFor('open'))).resolves.toBe(true);
    expect(authenticator.authenticate).not.toHaveBeenCalled();
  });

  it('denies contexts other than HTTP', async () => {
    await expect(guard.canActivate(contextFor('open', {}, 'ws'))).resolves.toBe(false);
  });

  it('requires a principal and records the realm for the error', async () => {
    who = new MissingCredentialsError();
    const request = {};
    await expect(guard.canActivate(contextFor('plain', request))).rejects.toBeInstanceOf(
      MissingCredentialsError,
    );
    expect(realmOf(request)).toBe('r');
  });

  it('enforces the controller requirement and the handler requirement together', async () => {
    who = principal(['base']);
    await expect(guard.canActivate(contextFor('plain'))).resolves.toBe(true);
    await expect(guard.canActivate(contextFor('extra'))).rejects.toMatchObject({
      requiredScopes: ['extra'],
    });
    who = principal(['extra']);
    await expect(guard.canActivate(contextFor('extra'))).rejects.toMatchObject({
      requiredScopes: ['base'],
    });
    who = principal(['base', 'extra']);
    await expect(guard.canActivate(contextFor('extra'))).resolves.toBe(true);
  });

  it('supports any-of scopes', async () => {
    who = principal(['base', 'y']);
    await expect(guard.canActivate(contextFor('anyScope'))).resolves.toBe(true);
    who = principal(['base']);
    await expect(guard.canActivate(contextFor('anyScope'))).rejects.toBeInstanceOf(
      InsufficientScopeError,
    );
  });

  it('checks permissions all-of and any-of, denying with insufficient_permission', async () => {
    who = principal(['base'], ['p1']);
    await expect(guard.canActivate(contextFor('allPermissions'))).rejects.toBeInstanceOf(
      AccessDeniedError,
    );
    await expect(guard.canActivate(contextFor('anyPermission'))).resolves.toBe(true);
    who = principal(['base', 'p1', 'p2'], []);
    await expect(guard.canActivate(contextFor('allPermissions'))).rejects.toMatchObject({
      code: 'insufficient_permission',
    });
  });

  it('rethrows errors that are not auth errors untouched', async () => {
    const boom = new Error('boom');
    who = boom;
    await expect(guard.canActivate(contextFor('plain'))).rejects.toBe(boom);
  });
});
