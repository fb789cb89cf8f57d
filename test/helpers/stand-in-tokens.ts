import { createHash, randomBytes } from 'node:crypto';
import { DevIdpHandle, loginAtDevIdp } from './dev-idp';

// Tokens straight from the stand-in, the way a real caller gets them: what the admin API's
// end-to-end tests authenticate with.

const tokenAt = (idp: DevIdpHandle, form: Record<string, string>) =>
  fetch(`${idp.url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });

/** A client-credentials token for an API client, or the HTTP status the stand-in refused with. */
export async function clientToken(
  idp: DevIdpHandle,
  clientId: string,
  clientSecret: string,
): Promise<string | number> {
  const res = await tokenAt(idp, {
    grant_type: 'client_credentials',
    client_id: clientId,
    client_secret: clientSecret,
  });
  if (!res.ok) return res.status;
  return ((await res.json()) as { access_token: string }).access_token;
}

/** Signs a seeded user in at the stand-in (authorization code + PKCE) and returns the access token. */
export async function userToken(
  idp: DevIdpHandle,
  redirectUri: string,
  email: string,
): Promise<string> {
  const verifier = randomBytes(32).toString('base64url');
  const authorize = new URL(`${idp.url}/oauth/authorize`);
  const params = {
    response_type: 'code',
    client_id: idp.appClient.clientId,
    redirect_uri: redirectUri,
    scope: 'openid profile email',
    state: randomBytes(8).toString('hex'),
    nonce: randomBytes(8).toString('hex'),
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  };
  for (const [k, v] of Object.entries(params)) authorize.searchParams.set(k, v);
  const code =
    new URL(await loginAtDevIdp(authorize.toString(), email)).searchParams.get('code') ?? '';
  const res = await tokenAt(idp, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: redirectUri,
    client_id: idp.appClient.clientId,
    client_secret: idp.appClient.clientSecret,
    code_verifier: verifier,
  });
  if (!res.ok) throw new Error(`code exchange failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

export const claimsOf = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString()) as Record<
    string,
    unknown
  >;
