import { Injectable } from '@nestjs/common';
import type { AuthCall } from './contexts/auth-call';
import { CredentialSourceRegistry } from './credential-source.registry';
import { InvalidTokenError, MissingCredentialsError } from './errors';
import type { Principal } from './principal';
import { attachPrincipal, getPrincipal } from './request-state';
import { TokenVerifier } from './token/token-verifier';

/**
 * Finds out who a call acts for, once per carrier (request or connection). A call that presents
 * a credential is judged by it alone (a bad token must not fall back to a session cookie);
 * without one, an HTTP request's registered credential sources are asked in order. `undefined`
 * means anonymous: whether that may pass is the route's policy.
 */
@Injectable()
export class RequestAuthenticator {
  constructor(
    private readonly verifier: TokenVerifier,
    private readonly sources: CredentialSourceRegistry,
  ) {}

  async authenticate(call: AuthCall): Promise<Principal | undefined> {
    let principal = getPrincipal(call.carrier);
    if (principal) {
      // A socket keeps its principal past the token's life; each message re-checks `exp`.
      if (call.persistent && principal.expiresAt * 1000 <= Date.now())
        throw new InvalidTokenError(
          'token expired on an open connection',
          'The access token expired',
        );
    } else {
      principal = await this.resolve(call);
      if (principal) attachPrincipal(call.carrier, principal);
    }
    if (principal && call.handlerContext) attachPrincipal(call.handlerContext, principal);
    return principal;
  }

  private async resolve(call: AuthCall): Promise<Principal | undefined> {
    const { authorization } = call;
    switch (authorization.kind) {
      case 'bearer':
        return this.verifier.verify(authorization.token);
      case 'malformed':
        throw InvalidTokenError.malformed(authorization.reason);
      case 'unsupported':
        throw new MissingCredentialsError('Authorization scheme is not Bearer');
      case 'absent':
        return call.httpRequest ? this.fromSources(call.httpRequest) : undefined;
    }
  }

  private async fromSources(request: object): Promise<Principal | undefined> {
    for (const source of this.sources.list()) {
      const principal = await source.authenticate(request);
      if (principal) return principal;
    }
    return undefined;
  }
}
