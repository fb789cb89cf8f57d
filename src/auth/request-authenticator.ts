import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { CredentialSourceRegistry } from './credential-source.registry';
import { InvalidTokenError, MissingCredentialsError } from './errors';
import type { Principal } from './principal';
import { attachPrincipal, getPrincipal } from './request-state';
import { readAuthorization } from './token/bearer-credentials';
import { TokenVerifier } from './token/token-verifier';

/**
 * Finds out who a request acts for, once per request. A request with an `Authorization` header
 * is judged by that header alone (a bad token must not fall back to a session cookie); without
 * one, the registered credential sources are asked in order.
 */
@Injectable()
export class RequestAuthenticator {
  constructor(
    private readonly verifier: TokenVerifier,
    private readonly sources: CredentialSourceRegistry,
  ) {}

  async authenticate(request: Request): Promise<Principal> {
    const known = getPrincipal(request);
    if (known) return known;
    const principal = await this.resolve(request);
    attachPrincipal(request, principal);
    return principal;
  }

  private async resolve(request: Request): Promise<Principal> {
    const authorization = readAuthorization(request);
    switch (authorization.kind) {
      case 'bearer':
        return this.verifier.verify(authorization.token);
      case 'malformed':
        throw new InvalidTokenError(
          authorization.reason,
          'The Authorization header must carry exactly one Bearer token',
        );
      case 'unsupported':
        throw new MissingCredentialsError('Authorization scheme is not Bearer');
      case 'absent':
        return this.fromSources(request);
    }
  }

  private async fromSources(request: Request): Promise<Principal> {
    for (const source of this.sources.list()) {
      const principal = await source.authenticate(request);
      if (principal) return principal;
    }
    throw new MissingCredentialsError();
  }
}
