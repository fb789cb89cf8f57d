/**
 * The service's tests use the package's own test kit, as any consumer would: one issuer
 * implementation (JWKS, rotation, outages, Scalekit-shaped tokens) for both.
 */
import type { TestIssuer } from '@scalekit-nest/auth/testing';

export { TestIssuer, b64url } from '@scalekit-nest/auth/testing';
export type { TestAlgorithm, TestKey, JwksOutage, MintOptions } from '@scalekit-nest/auth/testing';

/** The `AUTH_*` variables pointing this service at `issuer`. */
export function appEnv(issuer: TestIssuer, audience = issuer.audience): Record<string, string> {
  return { AUTH_ISSUER: issuer.url, AUTH_JWKS_URI: issuer.jwksUri, AUTH_AUDIENCE: audience };
}
