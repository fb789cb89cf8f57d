import { ExecutionContext, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { WsException } from '@nestjs/websockets';
import { GraphQLError } from 'graphql';
import { AccessGuard } from './access.guard';
import { resolveAuthSettings } from './auth-options';
import { CredentialSourceRegistry } from './credential-source.registry';
import { OptionalAuth } from './decorators/optional-auth.decorator';
import { AnyPermission, Permissions } from './decorators/permissions.decorator';
import { Public } from './decorators/public.decorator';
import { AnyScope, Scopes } from './decorators/scopes.decorator';
import {
  AccessDeniedError,
  InsufficientScopeError,
  InvalidTokenError,
  KeySetUnavailableError,
  MissingCredentialsError,
} from './errors';
import type { Principal } from './principal';
import { RequestAuthenticator } from './request-authenticator';
import { getPrincipal, principalOf, realmOf } from './request-state';
import type { TokenVerifier } from './token/token-verifier';

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

class Catalog {
  @OptionalAuth()
  browse(): void {}
  @OptionalAuth()
  @Scopes('catalog:write')
  edit(): void {}
}

const principal = (
  scopes: string[],
  permissions: string[] = [],
  expiresAt = 4_000_000_000,
): Principal => ({
  kind: 'client',
  via: 'bearer',
  subject: 'm2morg_1',
  organizationId: undefined,
  clientId: undefined,
  scopes: new Set(scopes),
  permissions: new Set(permissions),
  roles: new Set(),
  expiresAt,
  claims: {},
});

interface FakeResponse {
  headers: Record<string, string>;
  header(name: string, value: string): void;
}
const response = (): FakeResponse => ({
  headers: {},
  header(name, value) {
    this.headers[name] = value;
  },
});

const httpRequest = (authorization?: string): object => ({
  method: 'GET',
  url: '/x?y=1',
  headers: authorization === undefined ? {} : { authorization },
  rawHeaders: authorization === undefined ? [] : ['Authorization', authorization],
});

function contextFor(
  controller: new () => object,
  handler: string,
  type: string,
  args: unknown[],
): ExecutionContext {
  return {
    getType: () => type,
    getClass: () => controller,
    getHandler: () => (controller.prototype as Record<string, unknown>)[handler],
    getArgs: () => args,
    getArgByIndex: (index: number) => args[index],
    switchToHttp: () => ({ getRequest: () => args[0], getResponse: () => args[1] }),
    switchToWs: () => ({
      getClient: () => args[0],
      getData: () => args[1],
      getPattern: () => 'ping',
    }),
    switchToRpc: () => ({ getData: () => args[0], getContext: () => args[1] }),
  } as unknown as ExecutionContext;
}
const http = (
  handler: keyof Guarded | keyof Catalog,
  request = httpRequest('Bearer t'),
  res = response(),
) => contextFor(handler in Guarded.prototype ? Guarded : Catalog, handler, 'http', [request, res]);

describe('AccessGuard', () => {
  let who: Principal | Error;
  const verify = jest.fn((_token: string) =>
    who instanceof Error ? Promise.reject(who) : Promise.resolve(who),
  );
  let registry: CredentialSourceRegistry;
  let guard: AccessGuard;

  beforeAll(() => {
    Logger.overrideLogger(false);
  });
  beforeEach(() => {
    jest.clearAllMocks();
    registry = new CredentialSourceRegistry();
    const authenticator = new RequestAuthenticator(
      { verify } as unknown as TokenVerifier,
      registry,
    );
    const settings = resolveAuthSettings({ issuer: 'https://i', audiences: ['a'], realm: 'r' });
    guard = new AccessGuard(new Reflector(), authenticator, registry, settings);
  });

  describe('over HTTP', () => {
    it('lets a public route through without reading any credential', async () => {
      await expect(guard.canActivate(http('open', httpRequest('Bearer a b')))).resolves.toBe(true);
      expect(verify).not.toHaveBeenCalled();
    });

    it('refuses an anonymous request with 401 and sets the challenge on the response itself', async () => {
      const request = httpRequest();
      const res = response();
      await expect(guard.canActivate(http('plain', request, res))).rejects.toBeInstanceOf(
        MissingCredentialsError,
      );
      expect(realmOf(request)).toBe('r');
      expect(res.headers['WWW-Authenticate']).toBe('Bearer realm="r"');
    });

    it('enforces the controller requirement and the handler requirement together', async () => {
      who = principal(['base']);
      await expect(guard.canActivate(http('plain'))).resolves.toBe(true);
      const res = response();
      await expect(
        guard.canActivate(http('extra', httpRequest('Bearer t'), res)),
      ).rejects.toMatchObject({
        requiredScopes: ['base', 'extra'],
      });
      expect(res.headers['WWW-Authenticate']).toContain('scope="base extra"');
      who = principal(['extra']);
      await expect(guard.canActivate(http('extra'))).rejects.toBeInstanceOf(InsufficientScopeError);
      who = principal(['base', 'extra']);
      await expect(guard.canActivate(http('extra'))).resolves.toBe(true);
    });

    it('supports any-of scopes, naming the group that failed', async () => {
      who = principal(['base', 'y']);
      await expect(guard.canActivate(http('anyScope'))).resolves.toBe(true);
      who = principal(['base']);
      await expect(guard.canActivate(http('anyScope'))).rejects.toMatchObject({
        requiredScopes: ['x', 'y'],
      });
    });

    it('checks permissions all-of and any-of, denying with insufficient_permission', async () => {
      who = principal(['base'], ['p1']);
      await expect(guard.canActivate(http('allPermissions'))).rejects.toBeInstanceOf(
        AccessDeniedError,
      );
      await expect(guard.canActivate(http('anyPermission'))).resolves.toBe(true);
      who = principal(['base', 'p1', 'p2'], []);
      await expect(guard.canActivate(http('allPermissions'))).rejects.toMatchObject({
        code: 'insufficient_permission',
      });
      who = principal(['base'], ['p3']);
      await expect(guard.canActivate(http('anyPermission'))).resolves.toBe(true);
      who = principal(['base'], ['p2']);
      await expect(guard.canActivate(http('anyPermission'))).rejects.toBeInstanceOf(
        AccessDeniedError,
      );
    });

    it('rethrows errors that are not auth errors untouched', async () => {
      const boom = new Error('boom');
      who = boom;
      await expect(guard.canActivate(http('plain'))).rejects.toBe(boom);
    });

    it('asks credential sources when there is no Authorization header', async () => {
      const session = principal(['base']);
      registry.register({ authenticate: () => Promise.resolve(session) });
      const request = httpRequest();
      await expect(guard.canActivate(http('plain', request))).resolves.toBe(true);
      expect(getPrincipal(request)).toBe(session);
    });
  });

  describe('@OptionalAuth()', () => {
    it('lets an anonymous caller through with no principal', async () => {
      const request = httpRequest();
      await expect(guard.canActivate(http('browse', request))).resolves.toBe(true);
      expect(getPrincipal(request)).toBeUndefined();
    });

    it('verifies and attaches a presented token', async () => {
      who = principal([]);
      const request = httpRequest('Bearer t');
      await expect(guard.canActivate(http('browse', request))).resolves.toBe(true);
      expect(getPrincipal(request)).toBe(who);
    });

    it('still refuses a bad token with 401, never ignoring it', async () => {
      who = new InvalidTokenError('bad signature');
      await expect(guard.canActivate(http('browse'))).rejects.toBeInstanceOf(InvalidTokenError);
      await expect(
        guard.canActivate(http('browse', httpRequest('Bearer a b'))),
      ).rejects.toBeInstanceOf(InvalidTokenError);
    });

    it('refuses anonymous callers where the route also requires a scope', async () => {
      await expect(guard.canActivate(http('edit', httpRequest()))).rejects.toBeInstanceOf(
        MissingCredentialsError,
      );
    });
  });

  describe('in GraphQL', () => {
    const gql = (handler: keyof Guarded, context: object) =>
      contextFor(Guarded, handler, 'graphql', [{}, {}, context, {}]);

    it("reads a query's bearer token from its HTTP request (Apollo's req, Mercurius's reply.request)", async () => {
      who = principal(['base']);
      const apollo = { req: httpRequest('Bearer t') };
      await expect(guard.canActivate(gql('plain', apollo))).resolves.toBe(true);
      expect(getPrincipal(apollo.req)).toBe(who);
      const mercurius = { reply: { request: httpRequest('Bearer t') } };
      const context = gql('plain', mercurius);
      await expect(guard.canActivate(context)).resolves.toBe(true);
      expect(principalOf(context)).toBe(who);
    });

    it('reads a subscription token from the connection parameters, either spelling', async () => {
      who = principal(['base']);
      await expect(
        guard.canActivate(gql('plain', { connectionParams: { Authorization: 'Bearer t' } })),
      ).resolves.toBe(true);
      await expect(
        guard.canActivate(gql('plain', { connectionParams: { authorization: 'Bearer t' } })),
      ).resolves.toBe(true);
    });

    it('refuses with GraphQL errors: UNAUTHENTICATED, FORBIDDEN with the scope, SERVICE_UNAVAILABLE', async () => {
      const anonymous = guard.canActivate(gql('plain', { req: httpRequest() }));
      await expect(anonymous).rejects.toBeInstanceOf(GraphQLError);
      await expect(anonymous).rejects.toMatchObject({
        extensions: { code: 'UNAUTHENTICATED', error: 'missing_credentials' },
      });
      who = principal([]);
      await expect(
        guard.canActivate(gql('plain', { req: httpRequest('Bearer t') })),
      ).rejects.toMatchObject({
        extensions: { code: 'FORBIDDEN', error: 'insufficient_scope', scope: 'base' },
      });
      who = new KeySetUnavailableError(12.5, 'down');
      await expect(
        guard.canActivate(gql('plain', { req: httpRequest('Bearer t') })),
      ).rejects.toMatchObject({
        extensions: { code: 'SERVICE_UNAVAILABLE', retryAfter: 13 },
      });
    });

    it('refuses an operation without any context as unauthenticated', async () => {
      await expect(guard.canActivate(gql('plain', {}))).rejects.toMatchObject({
        extensions: { code: 'UNAUTHENTICATED' },
      });
    });
  });

  describe('in WebSocket gateways', () => {
    const ws = (handler: keyof Guarded, client: object) =>
      contextFor(Guarded, handler, 'ws', [client, {}]);

    it("reads socket.io's handshake header or auth.token, once per connection", async () => {
      who = principal(['base']);
      const byHeader = { handshake: { headers: { authorization: 'Bearer t' } } };
      await expect(guard.canActivate(ws('plain', byHeader))).resolves.toBe(true);
      await expect(guard.canActivate(ws('plain', byHeader))).resolves.toBe(true);
      expect(verify).toHaveBeenCalledTimes(1);
      const byAuth = { handshake: { headers: {}, auth: { token: 't' } } };
      await expect(guard.canActivate(ws('plain', byAuth))).resolves.toBe(true);
      expect(verify).toHaveBeenLastCalledWith('t');
      const byAuthBearer = { handshake: { headers: {}, auth: { token: 'Bearer u' } } };
      await expect(guard.canActivate(ws('plain', byAuthBearer))).resolves.toBe(true);
      expect(verify).toHaveBeenLastCalledWith('u');
    });

    it('refuses further messages once the token has expired on an open connection', async () => {
      who = principal(['base'], [], Math.floor(Date.now() / 1000) - 1);
      const client = { handshake: { headers: { authorization: 'Bearer t' } } };
      await expect(guard.canActivate(ws('plain', client))).resolves.toBe(true);
      const refused = guard.canActivate(ws('plain', client));
      await expect(refused).rejects.toBeInstanceOf(WsException);
      await expect(refused).rejects.toMatchObject({
        error: { status: 'error', error: 'invalid_token', message: 'The access token expired' },
      });
    });

    it('refuses as a WsException with the missing scope', async () => {
      who = principal([]);
      const client = { handshake: { headers: { authorization: 'Bearer t' } } };
      await expect(guard.canActivate(ws('plain', client))).rejects.toMatchObject({
        error: { error: 'insufficient_scope', scope: 'base' },
      });
      await expect(guard.canActivate(ws('plain', {}))).rejects.toMatchObject({
        error: { error: 'missing_credentials' },
      });
    });
  });

  describe('in RPC', () => {
    const rpc = (data: object, context: object) =>
      contextFor(Guarded, 'plain', 'rpc', [data, context]);

    it('denies every call while no reader is registered', async () => {
      await expect(guard.canActivate(rpc({ authorization: 'Bearer t' }, {}))).resolves.toBe(false);
      expect(verify).not.toHaveBeenCalled();
    });

    it("reads the app's registered reader, with the same rules", async () => {
      registry.registerReader('rpc', {
        read: (context) => ({
          carrier: context.switchToRpc().getContext(),
          authorization: context.switchToRpc().getData<{ authorization?: unknown }>().authorization,
        }),
      });
      who = principal(['base']);
      await expect(guard.canActivate(rpc({ authorization: 'Bearer t' }, {}))).resolves.toBe(true);
      await expect(guard.canActivate(rpc({}, {}))).rejects.toBeInstanceOf(MissingCredentialsError);
      await expect(guard.canActivate(rpc({ authorization: 42 }, {}))).rejects.toBeInstanceOf(
        InvalidTokenError,
      );
    });
  });
});
