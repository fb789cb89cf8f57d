import type { Principal } from './principal';

/**
 * A way other than a bearer token to authenticate an HTTP request (the browser session is one).
 * The access guard asks the registered sources, in order, only when the request carries no
 * `Authorization` header: a request that sends one is judged by it alone.
 */
export interface CredentialSource {
  /**
   * Returns the principal when this source's credential is present and valid, `null` when the
   * request carries no credential of this kind, and throws an auth error (see the error classes)
   * when the credential is present but unusable. `request` is the adapter's request object
   * (Express's `req`, Fastify's `request`).
   */
  authenticate(request: object): Promise<Principal | null>;
}
