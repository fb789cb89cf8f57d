import type { KeyObject } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import type { Algorithm } from 'jsonwebtoken';
import { SecretOrKeyProvider, Strategy } from 'passport-jwt';
import { AUTH_SETTINGS, SCALEKIT_JWT_STRATEGY } from './auth.constants';
import type { AuthSettings } from './auth-options';
import { InvalidTokenError } from './errors';
import { JwksKeySet } from './keys/jwks-key-set';
import type { Principal } from './principal';
import { readAuthorization } from './token/bearer-credentials';
import { checkAccessTokenClaims } from './token/claims.rules';
import { normalizeClaims } from './token/claims.normalizer';
import { keyForToken } from './token/token-key';

type KeyCallback = (error: Error | null, key?: KeyObject) => void;

const asError = (error: unknown): Error =>
  error instanceof Error ? error : new InvalidTokenError(String(error));

/**
 * The passport-jwt integration: the same rules as the global guard, with the key from the
 * jwks-rsa-backed {@link JwksKeySet}. Use it with `@UseGuards(AuthGuard(SCALEKIT_JWT_STRATEGY))`
 * where passport is wanted; the global guard itself uses {@link TokenVerifier}, which adds a
 * verified-token cache on top of the same verifier.
 */
@Injectable()
export class ScalekitJwtStrategy extends PassportStrategy(Strategy, SCALEKIT_JWT_STRATEGY) {
  constructor(
    @Inject(AUTH_SETTINGS) private readonly settings: AuthSettings,
    keySet: JwksKeySet,
  ) {
    const keyFor = (_request: Request, rawToken: string, done: KeyCallback): void => {
      keyForToken(rawToken, settings, keySet).then(
        ({ key }) => done(null, key.publicKey),
        (error: unknown) => done(asError(error)),
      );
    };
    super({
      jwtFromRequest: (request: Request) => {
        const authorization = readAuthorization(request);
        return authorization.kind === 'bearer' ? authorization.token : null;
      },
      // jsonwebtoken 9 (passport-jwt's verifier) takes a KeyObject; the typings only say string | Buffer.
      secretOrKeyProvider: keyFor as unknown as SecretOrKeyProvider,
      issuer: settings.issuer,
      audience: [...settings.audiences],
      algorithms: [...settings.algorithms] as Algorithm[],
      jsonWebTokenOptions: { clockTolerance: settings.clockToleranceSec },
    });
  }

  /** Called by passport-jwt with the verified payload; the rest of the RFC 9068 checks happen here. */
  validate(payload: Record<string, unknown>): Principal {
    checkAccessTokenClaims(payload, Math.floor(Date.now() / 1000), this.settings.clockToleranceSec);
    return normalizeClaims(payload, 'bearer');
  }
}
