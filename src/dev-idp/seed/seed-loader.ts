import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Seed, SeedConnection, seedSchema } from './seed.schema';

/** The seed shipped with the service (nest-cli copies it next to the compiled code). */
export const DEFAULT_SEED_FILE = join(__dirname, 'default-seed.json');

/** A seeded user with the permissions its roles grant, as the login page and the tokens use it. */
export interface DevIdpUser {
  readonly id: string;
  readonly email: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly name: string;
  readonly organizationId: string;
  readonly organizationName: string;
  readonly roles: readonly string[];
  readonly permissions: readonly string[];
}

/** An organization as routing and the pages see it: who it is, its email domains, its SSO connections. */
export interface DevIdpOrganization {
  readonly id: string;
  readonly name: string;
  readonly domains: readonly string[];
  readonly connections: readonly SeedConnection[];
}

export interface LoadedSeed {
  readonly appClientId: string;
  readonly appClientName: string;
  readonly organizations: readonly DevIdpOrganization[];
  readonly users: readonly DevIdpUser[];
}

/** Reads and validates a seed file; throws with one line per problem. */
export function loadSeed(file: string = DEFAULT_SEED_FILE): LoadedSeed {
  const parsed = seedSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid dev-idp seed file ${file}:\n${lines.join('\n')}`);
  }
  return resolveSeed(parsed.data);
}

function resolveSeed(seed: Seed): LoadedSeed {
  const orgs = new Map(seed.organizations.map((o) => [o.id, o]));
  const users = seed.users.map((u): DevIdpUser => {
    const org = orgs.get(u.organizationId);
    const granted =
      org?.roles.filter((r) => u.roles.includes(r.name)).flatMap((r) => r.permissions) ?? [];
    return {
      id: u.id,
      email: u.email.toLowerCase(),
      givenName: u.givenName,
      familyName: u.familyName,
      name: `${u.givenName} ${u.familyName}`,
      organizationId: u.organizationId,
      organizationName: org?.name ?? u.organizationId,
      roles: u.roles,
      permissions: [...new Set(granted)],
    };
  });
  return {
    appClientId: seed.appClient.id,
    appClientName: seed.appClient.name,
    organizations: seed.organizations.map(({ id, name, domains, connections }) => ({
      id,
      name,
      domains,
      connections,
    })),
    users,
  };
}
