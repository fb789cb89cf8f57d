import { SOCIAL_PROVIDERS } from '../../scalekit/social-providers';
import { LoginFailedError } from '../session.errors';

/**
 * Where Scalekit should sign the user in: an organization, one of its SSO connections, a user
 * (their email routes to their organization's identity provider), an email domain, or a social
 * provider. Every field passed through to the authorization URL, and only after its format check.
 */
export interface LoginRouting {
  readonly organizationId?: string;
  readonly connectionId?: string;
  readonly loginHint?: string;
  readonly domainHint?: string;
  readonly provider?: string;
}

const DOMAIN =
  /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
/** An address a person types (RFC 5321 sizes), not every address RFC 5322 allows. */
const EMAIL = /^(?=.{3,254}$)[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[^@\s]+$/;

interface Parameter {
  readonly field: keyof LoginRouting;
  readonly what: string;
  readonly valid: (value: string) => boolean;
}

const PARAMETERS: Readonly<Record<string, Parameter>> = {
  organization_id: {
    field: 'organizationId',
    what: 'an organization id (org_...)',
    valid: (v) => /^org_[A-Za-z0-9]{1,64}$/.test(v),
  },
  connection_id: {
    field: 'connectionId',
    what: 'a connection id (conn_...)',
    valid: (v) => /^conn_[A-Za-z0-9]{1,64}$/.test(v),
  },
  login_hint: {
    field: 'loginHint',
    what: 'an email address',
    valid: (v) => EMAIL.test(v) && DOMAIN.test(v.slice(v.lastIndexOf('@') + 1)),
  },
  domain_hint: { field: 'domainHint', what: 'a domain name', valid: (v) => DOMAIN.test(v) },
  provider: {
    field: 'provider',
    what: `one of ${SOCIAL_PROVIDERS.join(', ')}`,
    valid: (v) => SOCIAL_PROVIDERS.includes(v),
  },
};

/**
 * Reads the routing parameters of `GET /login`. A value that is not one string of the right
 * format is refused (400) with a message naming the parameter and the format, never the value:
 * the page must not reflect what a link put there. Empty values count as absent (an empty form field).
 */
export function readLoginRouting(query: Readonly<Record<string, unknown>>): LoginRouting {
  const routing: { -readonly [K in keyof LoginRouting]?: string } = {};
  for (const [name, parameter] of Object.entries(PARAMETERS)) {
    const value = query[name];
    if (value === undefined || value === '') continue;
    if (typeof value !== 'string' || !parameter.valid(value.trim()))
      throw new LoginFailedError(
        'invalid_request',
        `The sign-in link is not valid: ${name} must be ${parameter.what}.`,
        `bad ${name}`,
      );
    routing[parameter.field] = value.trim();
  }
  if (routing.provider !== undefined && (routing.organizationId ?? routing.connectionId))
    throw new LoginFailedError(
      'invalid_request',
      'The sign-in link is not valid: provider cannot be combined with an organization or connection.',
      'provider with organization',
    );
  return routing;
}
