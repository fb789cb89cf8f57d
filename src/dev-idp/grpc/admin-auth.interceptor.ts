import { Code, ConnectError, type Interceptor } from '@connectrpc/connect';
import { jwtVerify } from 'jose';
import type { DevIdpContext } from '../dev-idp.context';

/**
 * Every management call needs a token from the app client's client_credentials grant. The SDK
 * relies on this: its first call goes without `authorization`, and only an UNAUTHENTICATED answer
 * makes it fetch a token and retry (also how it recovers when its cached token expires).
 */
export function adminAuthInterceptor(ctx: DevIdpContext): Interceptor {
  return (next) => async (req) => {
    const header = req.header.get('authorization') ?? '';
    const token = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
    if (!token || !(await isAdminToken(ctx, token))) {
      throw new ConnectError(
        'a valid access token from the client_credentials grant is required',
        Code.Unauthenticated,
      );
    }
    return next(req);
  };
}

async function isAdminToken(ctx: DevIdpContext, token: string): Promise<boolean> {
  try {
    const { payload } = await jwtVerify(token, ctx.key.publicKey, {
      issuer: ctx.issuer,
      audience: ctx.issuer,
    });
    return payload.client_id === ctx.appClient.clientId;
  } catch {
    return false;
  }
}
