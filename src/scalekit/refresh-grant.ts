import type { ScalekitConfig } from '../config/scalekit.config';
import { fromTokenEndpointStatus, SdkFailure } from './sdk-error.mapper';
import {
  ScalekitInvalidResponseError,
  ScalekitTimeoutError,
  ScalekitUnavailableError,
} from './scalekit.errors';

/** What a refresh answer carries that the session keeps. */
export interface RefreshedTokens {
  readonly accessToken: string;
  /** Absent when the IdP kept the old one (RFC 6749 section 6 allows it). */
  readonly refreshToken: string | undefined;
}

/**
 * The refresh grant, sent by us rather than by the SDK's `refreshAccessToken`: that one throws on
 * an answer without `refresh_token` (SDK 2.11.0), which RFC 6749 section 6 allows and which means
 * "keep using the one you have", and it throws before handing over the new access token. The
 * request is the SDK's own, byte for byte in what matters (../shared/reference/scalekit-sdk-wire.md):
 * `POST {env}/oauth/token`, form-encoded `grant_type, client_id, client_secret, refresh_token`.
 */
export async function postRefreshGrant(
  config: Pick<ScalekitConfig, 'environmentUrl' | 'clientId' | 'clientSecret' | 'timeoutMs'>,
  refreshToken: string,
): Promise<RefreshedTokens> {
  const form = new URLSearchParams({
    grant_type: 'refresh_token',
    client_id: config.clientId,
    client_secret: config.clientSecret,
    refresh_token: refreshToken,
  });
  let response: Response;
  try {
    response = await fetch(`${config.environmentUrl}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: form,
      signal: AbortSignal.timeout(config.timeoutMs),
    });
  } catch (error: unknown) {
    throw transportError(error);
  }
  const body = await response.json().catch(() => undefined);
  if (!response.ok) {
    throw fromTokenEndpointStatus(response.status, body, 'grant', {
      cause: new SdkFailure(`token endpoint: status ${response.status}`),
    });
  }
  return readRefreshAnswer(body);
}

/** A 2xx answer: `access_token` must be a non-empty string; `refresh_token`, if any, a string. */
export function readRefreshAnswer(body: unknown): RefreshedTokens {
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const { access_token: accessToken, refresh_token: refreshToken } = fields;
  if (typeof accessToken !== 'string' || accessToken === '')
    throw new ScalekitInvalidResponseError('Scalekit sent a refresh answer without access_token');
  if (refreshToken !== undefined && refreshToken !== null && typeof refreshToken !== 'string')
    throw new ScalekitInvalidResponseError('Scalekit sent a refresh_token that is not a string');
  return { accessToken, refreshToken: refreshToken || undefined };
}

function transportError(error: unknown): Error {
  const cause = { cause: new SdkFailure(describe(error)) };
  // AbortSignal.timeout rejects with a DOMException, not an Error of this realm (Jest's sandbox).
  if ((error as { name?: unknown } | null)?.name === 'TimeoutError')
    return new ScalekitTimeoutError('Scalekit did not answer in time', cause);
  return new ScalekitUnavailableError('Scalekit could not be reached', cause);
}

/** fetch reports "fetch failed" and keeps the system error (ECONNREFUSED...) as its cause. */
function describe(error: unknown): string {
  const failure = error as { name?: unknown; cause?: { code?: unknown } } | null;
  const code = failure?.cause?.code;
  const name = failure?.name;
  return `token endpoint: ${typeof code === 'string' ? code : typeof name === 'string' ? name : 'failure'}`;
}
