import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { VerifyOptions } from 'jsonwebtoken';
import { AUTH_SETTINGS } from '../auth.constants';
import type { AuthSettings, IssuerSettings } from '../auth-options';
import { InvalidTokenError } from '../errors';
import { JwksKeySet } from './jwks-key-set';

/** An accepted issuer with its own key set and the verifier options its tokens are checked with. */
export interface TrustedIssuer {
  readonly settings: IssuerSettings;
  readonly keySet: JwksKeySet;
  readonly verifyOptions: VerifyOptions;
}

/**
 * The issuers the module accepts, each with its key set. The first one's key set is the
 * injectable {@link JwksKeySet} (Nest runs its lifecycle hooks); the others are created here
 * and get theirs from this class. A token's issuer is chosen by its (still unverified) `iss`
 * before any key is looked up, so a token naming an unknown issuer never causes a fetch; the
 * signature check then proves the `iss` it was chosen by.
 */
@Injectable()
export class IssuerKeySets implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly byIssuer = new Map<string, TrustedIssuer>();
  private readonly extraKeySets: JwksKeySet[] = [];

  constructor(@Inject(AUTH_SETTINGS) settings: AuthSettings, primary: JwksKeySet) {
    settings.issuers.forEach((issuer, index) => {
      const keySet = index === 0 ? primary : new JwksKeySet({ ...settings, ...issuer });
      if (index > 0) this.extraKeySets.push(keySet);
      this.byIssuer.set(issuer.issuer, {
        settings: issuer,
        keySet,
        verifyOptions: {
          algorithms: [...settings.algorithms] as VerifyOptions['algorithms'],
          issuer: issuer.issuer,
          audience: [...issuer.audiences],
          clockTolerance: settings.clockToleranceSec,
        },
      });
    });
  }

  onApplicationBootstrap(): void {
    for (const keySet of this.extraKeySets) keySet.onApplicationBootstrap();
  }

  onModuleDestroy(): void {
    for (const keySet of this.extraKeySets) keySet.onModuleDestroy();
  }

  /** Every accepted issuer, in configuration order. */
  list(): readonly TrustedIssuer[] {
    return [...this.byIssuer.values()];
  }

  /** The accepted issuer called `iss`, if any. */
  get(iss: unknown): TrustedIssuer | undefined {
    return typeof iss === 'string' ? this.byIssuer.get(iss) : undefined;
  }

  /** The issuer a token names in `iss`; {@link InvalidTokenError} when it is not one of ours. */
  select(payload: Readonly<Record<string, unknown>>): TrustedIssuer {
    const found = this.get(payload.iss);
    if (!found) {
      const iss = JSON.stringify(payload.iss)?.slice(0, 100);
      throw new InvalidTokenError(`iss ${iss} is not an accepted issuer`);
    }
    return found;
  }
}
