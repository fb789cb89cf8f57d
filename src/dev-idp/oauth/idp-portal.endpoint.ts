import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DevIdpContext } from '../dev-idp.context';
import { redirect, sendHtml } from '../http/http-io';
import { renderErrorPage, renderPortalPage } from './login-page';

/** How long an `idp_initiated_login` token is good for: the hop from the portal to the app. */
const IDP_INITIATED_TTL_S = 300;

/** `GET /idp-portal`: the simulated IdP portal, one tile per SSO connection. */
export function handlePortal(ctx: DevIdpContext, _req: IncomingMessage, res: ServerResponse): void {
  sendHtml(res, 200, renderPortalPage(ctx.seed.organizations, ctx.settings.appInitiateLoginUri));
}

/**
 * `GET /idp-portal/start?connection_id=...[&login_hint=...][&relay_state=...]`: mints the
 * `idp_initiated_login` token as Scalekit does and sends the browser to the app's initiate-login
 * URL with it. `relay_state` is passed on as given: the app must treat it as untrusted.
 */
export async function handlePortalStart(
  ctx: DevIdpContext,
  _req: IncomingMessage,
  res: ServerResponse,
  query: URLSearchParams,
): Promise<void> {
  const target = ctx.settings.appInitiateLoginUri;
  const connectionId = query.get('connection_id') ?? '';
  const organization = ctx.seed.organizations.find((o) =>
    o.connections.some((c) => c.id === connectionId),
  );
  if (!target || !organization)
    return sendHtml(
      res,
      404,
      renderErrorPage(target ? 'Unknown connection.' : 'No initiate-login URL is configured.'),
    );
  const token = await ctx.minter.idpInitiatedLogin(
    {
      organizationId: organization.id,
      connectionId,
      loginHint: query.get('login_hint') ?? undefined,
      relayState: query.get('relay_state') ?? undefined,
    },
    ctx.appClient.clientId,
    IDP_INITIATED_TTL_S,
  );
  const url = new URL(target);
  url.searchParams.set('idp_initiated_login', token);
  redirect(res, url.href);
}
