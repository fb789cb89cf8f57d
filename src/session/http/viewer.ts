import type { FastifyRequest } from 'fastify';
import { MissingCredentialsError } from '@scalekit-nest/auth';
import { sessionOf } from '../request-session';
import type { Session } from '../session-record';
import type { Viewer } from '../views/layout';

/** The session of a page request; pages need one (a bearer token alone has no page to show). */
export function requireSession(request: FastifyRequest): Session {
  const session = sessionOf(request);
  if (!session) throw new MissingCredentialsError('this page needs a browser session');
  return session;
}

export function viewerOf(session: Session): Viewer {
  return {
    name: session.data.user.name,
    csrfToken: session.data.csrfToken,
    permissions: session.data.permissions,
  };
}
