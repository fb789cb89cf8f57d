import { createHash, randomUUID } from 'node:crypto';
import { JWTPayload, SignJWT } from 'jose';
import type { SigningKey } from '../keys/signing-key';
import { SIGNING_ALGORITHM } from '../keys/signing-key';
import type { DevIdpUser } from '../seed/seed-loader';
import type { StoredClient } from '../store/stored-client';
import { isReservedClaim } from '../../scalekit/reserved-claims';

export interface UserTokenRequest {
  readonly user: DevIdpUser;
  readonly clientId: string;
  readonly sessionId: string;
  /** When the user authenticated, in seconds. */
  readonly authTime: number;
  readonly nonce?: string;
  readonly ttlS: number;
}

export interface IdpInitiatedLoginClaims {
  readonly organizationId: string;
  readonly connectionId: string;
  readonly loginHint?: string;
  readonly relayState?: string;
}

/**
 * Signs tokens shaped like Scalekit's (see ../shared/reference/scalekit-sdk-wire.md, "Token shapes").
 */
export class TokenMinter {
  constructor(
    private readonly issuer: string,
    private readonly key: SigningKey,
  ) {}

  /** User access token: `aud` is the app client, and `oid`/`sid`/`roles`/`permissions` carry the tenant. */
  userAccessToken(req: UserTokenRequest): Promise<string> {
    return this.sign(
      {
        sub: req.user.id,
        aud: [req.clientId],
        client_id: req.clientId,
        sid: req.sessionId,
        oid: req.user.organizationId,
        roles: [...req.user.roles],
        permissions: [...req.user.permissions],
      },
      req.ttlS,
    );
  }

  /**
   * ID token: profile claims, `nonce` echoed, `at_hash` binding it to the access token (OIDC Core
   * 3.1.3.6). `auth_time` is always there: OIDC Core 2 requires it when `max_age` was requested
   * and allows it otherwise, and an RP checking `max_age` has nothing else to go by.
   */
  idToken(req: UserTokenRequest, accessToken: string): Promise<string> {
    const { user } = req;
    return this.sign(
      {
        sub: user.id,
        aud: [req.clientId],
        azp: req.clientId,
        sid: req.sessionId,
        oid: user.organizationId,
        email: user.email,
        email_verified: true,
        name: user.name,
        given_name: user.givenName,
        family_name: user.familyName,
        auth_time: req.authTime,
        amr: ['pwd'],
        at_hash: leftHalfHash(accessToken),
        ...(req.nonce !== undefined && { nonce: req.nonce }),
      },
      req.ttlS,
    );
  }

  /** M2M token: `scopes` is an array (not a `scope` string) and `aud` the client's own audience list. */
  clientAccessToken(client: StoredClient, ttlS: number): Promise<string> {
    const custom = Object.fromEntries(
      client.customClaims.filter((c) => !isReservedClaim(c.key)).map((c) => [c.key, c.value]),
    );
    return this.sign(
      {
        ...custom,
        sub: client.clientId,
        client_id: client.clientId,
        oid: client.organizationId,
        scopes: [...client.scopes],
        ...(client.audience.length > 0 && { aud: [...client.audience] }),
      },
      ttlS,
    );
  }

  /**
   * Token for the app's own client_credentials grant (what the SDK uses for the gRPC API). Its
   * audience is the issuer itself, so the app's resource server never accepts it as an API token.
   */
  adminAccessToken(clientId: string, ttlS: number): Promise<string> {
    return this.sign({ sub: clientId, client_id: clientId, aud: [this.issuer] }, ttlS);
  }

  /**
   * The `idp_initiated_login` token Scalekit sends to the app's initiate-login URL when a user
   * starts from their identity provider's portal: who to route the login to, for the app client.
   */
  idpInitiatedLogin(
    login: IdpInitiatedLoginClaims,
    clientId: string,
    ttlS: number,
  ): Promise<string> {
    return this.sign(
      {
        aud: [clientId],
        organization_id: login.organizationId,
        connection_id: login.connectionId,
        ...(login.loginHint !== undefined && { login_hint: login.loginHint }),
        ...(login.relayState !== undefined && { relay_state: login.relayState }),
      },
      ttlS,
    );
  }

  /**
   * Back-channel logout token (OpenID Connect Back-Channel Logout 1.0, 2.4): `sid` and `sub` of
   * the ended session, the back-channel `events` member, no `nonce`, typed `logout+jwt`.
   */
  logoutToken(clientId: string, sub: string, sid: string): Promise<string> {
    return this.sign(
      {
        aud: [clientId],
        sub,
        sid,
        events: { 'http://schemas.openid.net/event/backchannel-logout': {} },
      },
      120,
      'logout+jwt',
    );
  }

  private sign(claims: JWTPayload, ttlS: number, typ = 'JWT'): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT(claims)
      .setProtectedHeader({ alg: SIGNING_ALGORITHM, kid: this.key.kid, typ })
      .setIssuer(this.issuer)
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + ttlS)
      .setJti(randomUUID())
      .sign(this.key.privateKey);
  }
}

function leftHalfHash(token: string): string {
  const digest = createHash('sha256').update(token, 'ascii').digest();
  return digest.subarray(0, digest.length / 2).toString('base64url');
}
