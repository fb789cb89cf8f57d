import type { DevIdpLogger } from '../dev-idp.context';

/**
 * Posts to the app without making anyone wait, as Scalekit's deliveries do: a failure or a
 * non-2xx answer is logged as `what`, nothing else. Five seconds at most.
 */
export function postInBackground(
  url: string,
  request: { readonly contentType: string; readonly headers?: Record<string, string> },
  body: string | Promise<string>,
  what: string,
  logger: DevIdpLogger,
): void {
  void Promise.resolve(body)
    .then((payload) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': request.contentType, ...request.headers },
        body: payload,
        signal: AbortSignal.timeout(5_000),
      }),
    )
    .then((res) => {
      if (!res.ok) logger.warn(`dev-idp: ${what} answered ${res.status}`);
    })
    .catch((error: unknown) => logger.error(`dev-idp: ${what} not delivered`, error));
}
