import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  startDevIdp,
  type DevIdpHandle,
  type DevIdpLogger,
  type DevIdpOptions,
} from '../../src/dev-idp/dev-idp';

export type { DevIdpHandle, DevIdpOptions };

const silent: DevIdpLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/**
 * Starts the local Scalekit stand-in for one test file: 127.0.0.1, a free port, a fresh temporary
 * data directory (removed again by `stop()`), the default seed and a silent logger.
 *
 * Pass `appRedirectUris` / `appPostLogoutRedirectUris` for the app under test (its URL must be
 * known first: see `freePort()` in `./free-port`). Pass `dataDir` to reuse a directory across a
 * restart; a directory you pass is never removed.
 *
 * @example
 * const idp = await startTestDevIdp({ appRedirectUris: [`http://127.0.0.1:${port}/auth/callback`] });
 * const app = await createTestApp({ PORT: String(port), ...devIdpEnv(idp, `http://127.0.0.1:${port}`) });
 * afterAll(async () => { await app.close(); await idp.stop(); });
 */
export async function startTestDevIdp(opts: DevIdpOptions = {}): Promise<DevIdpHandle> {
  const ownDir =
    opts.dataDir === undefined ? mkdtempSync(join(tmpdir(), 'dev-idp-test-')) : undefined;
  const handle = await startDevIdp({
    logger: silent,
    ...opts,
    port: opts.port ?? 0,
    dataDir: opts.dataDir ?? ownDir,
  });
  return {
    ...handle,
    stop: async () => {
      await handle.stop();
      if (ownDir) rmSync(ownDir, { recursive: true, force: true });
    },
  };
}

/**
 * The environment that points the app at a stand-in, as `npm start` fills it in development:
 * Scalekit URL and credentials, the webhook secret, and `AUTH_AUDIENCE` = app client id plus the public base URL
 * (so M2M clients registered with that audience are accepted).
 */
export function devIdpEnv(idp: DevIdpHandle, publicBaseUrl?: string): Record<string, string> {
  return {
    SCALEKIT_ENVIRONMENT_URL: idp.url,
    SCALEKIT_CLIENT_ID: idp.appClient.clientId,
    SCALEKIT_CLIENT_SECRET: idp.appClient.clientSecret,
    SCALEKIT_WEBHOOK_SECRET: idp.webhookSecret,
    AUTH_AUDIENCE: [idp.appClient.clientId, ...(publicBaseUrl ? [publicBaseUrl] : [])].join(','),
    ...(publicBaseUrl && { PUBLIC_BASE_URL: publicBaseUrl }),
  };
}

/**
 * Signs in at the stand-in the way a browser would, over plain HTTP: opens `authorizeUrl` (the
 * URL the app redirected to), keeps the cookies the login page sets, submits the page's form
 * choosing the seeded user `email`, and returns the `Location` the stand-in redirects to: the
 * app's callback URL carrying `code` and `state` (or `error` and `state` when refused).
 *
 * When the stand-in answers the first request with a redirect (`prompt=none`, or single sign-on
 * from the `devidp_session` cookie passed in `cookie`), that URL is returned as is.
 *
 * Throws when the stand-in shows an error page instead, or when `email` is not offered.
 */
export async function loginAtDevIdp(
  authorizeUrl: string,
  email: string,
  cookie?: string,
): Promise<string> {
  return (await signInAtDevIdp(authorizeUrl, email, cookie)).location;
}

/** What `signInAtDevIdp` saw: where the stand-in sent the browser, and its session cookie. */
export interface DevIdpSignIn {
  readonly location: string;
  /** Whether the login page was shown (false: the stand-in redirected at once). */
  readonly prompted: boolean;
  /** `devidp_session=...` as set by the sign-in, for later requests from the same browser. */
  readonly sessionCookie?: string;
}

/** `loginAtDevIdp`, also returning whether the page was shown and the stand-in's session cookie. */
export async function signInAtDevIdp(
  authorizeUrl: string,
  email: string,
  cookie?: string,
): Promise<DevIdpSignIn> {
  const page = await fetch(authorizeUrl, { redirect: 'manual', headers: cookie ? { cookie } : {} });
  const html = await page.text();
  if (page.status === 302)
    return { location: absolute(page.headers.get('location'), authorizeUrl), prompted: false };
  if (page.status !== 200)
    throw new Error(`dev-idp login page answered ${page.status}: ${textOf(html)}`);

  const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error('dev-idp login page has no form');
  const form = new URLSearchParams();
  for (const [, name, value] of html.matchAll(
    /<input type="hidden" name="([^"]+)" value="([^"]*)">/g,
  )) {
    form.set(unescape(name ?? ''), unescape(value ?? ''));
  }
  const offered = [...html.matchAll(/<button type="submit" name="email" value="([^"]+)"/g)].map(
    (m) => unescape(m[1] ?? ''),
  );
  if (!offered.includes(email.toLowerCase())) {
    throw new Error(`dev-idp login page does not offer ${email}; it offers ${offered.join(', ')}`);
  }
  form.set('email', email);

  const cookies = page.headers.getSetCookie().map((c) => c.split(';')[0]);
  const submitted = await fetch(new URL(action, authorizeUrl), {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      cookie: [...cookies, ...(cookie ? [cookie] : [])].join('; '),
    },
    body: form.toString(),
  });
  if (submitted.status !== 302)
    throw new Error(
      `dev-idp login answered ${submitted.status}: ${textOf(await submitted.text())}`,
    );
  const sessionCookie = submitted.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .find((c) => c.startsWith('devidp_session=') && c.length > 'devidp_session='.length);
  return {
    location: absolute(submitted.headers.get('location'), authorizeUrl),
    prompted: true,
    sessionCookie,
  };
}

function absolute(location: string | null, base: string): string {
  if (!location) throw new Error('dev-idp redirect without Location');
  return new URL(location, base).toString();
}

function unescape(text: string): string {
  return text.replace(/&#(\d+);/g, (_m, code: string) => String.fromCharCode(Number(code)));
}

function textOf(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 300);
}
