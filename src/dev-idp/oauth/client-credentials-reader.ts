import type { IncomingMessage } from 'node:http';
import { OAuthError } from './oauth-error';

export interface PresentedClient {
  readonly clientId: string;
  readonly clientSecret: string;
}

/**
 * Reads client authentication: `client_secret_post` (what the SDK sends) or `client_secret_basic`
 * (RFC 6749 section 2.3.1), but never both at once.
 */
export function readClientCredentials(
  req: IncomingMessage,
  form: URLSearchParams,
): PresentedClient {
  const header = req.headers.authorization;
  const postedId = form.get('client_id');
  const postedSecret = form.get('client_secret');
  if (header !== undefined && postedSecret !== null) {
    throw new OAuthError('invalid_request', 'client authentication must use one method only');
  }
  if (header !== undefined) return fromBasic(header, postedId);
  if (!postedId || !postedSecret)
    throw new OAuthError('invalid_client', 'client authentication is required');
  return { clientId: postedId, clientSecret: postedSecret };
}

function fromBasic(header: string, postedId: string | null): PresentedClient {
  const [scheme, value] = header.split(' ');
  if (scheme?.toLowerCase() !== 'basic' || !value)
    throw new OAuthError('invalid_client', 'unsupported client authentication');
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw new OAuthError('invalid_client', 'malformed basic credentials');
  const clientId = formDecode(decoded.slice(0, colon));
  if (postedId !== null && postedId !== clientId)
    throw new OAuthError('invalid_request', 'client_id does not match the credentials');
  return { clientId, clientSecret: formDecode(decoded.slice(colon + 1)) };
}

/**
 * RFC 6749 section 2.3.1 form-encodes id and secret before base64 (so `+` is a space). A broken
 * `%` escape is the client's mistake: `invalid_client`, not the URIError a bare decode would throw.
 */
function formDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    throw new OAuthError('invalid_client', 'malformed basic credentials');
  }
}
