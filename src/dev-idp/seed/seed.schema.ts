import { z } from 'zod';

const id = (prefix: string) =>
  z.string().regex(new RegExp(`^${prefix}_\\d+$`), `must look like ${prefix}_<digits>`);

const roleSchema = z.object({
  name: z.string().min(1),
  permissions: z.array(z.string().min(1)).default([]),
});

/** An enterprise SSO connection of an organization (its Okta, Entra ID, Google Workspace...). */
const connectionSchema = z.object({
  id: id('conn'),
  name: z.string().min(1),
  provider: z.string().min(1).default('OKTA'),
});

const domainSchema = z
  .string()
  .regex(
    /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/,
    'must be a lower-case domain name such as acme.test',
  );

const organizationSchema = z.object({
  id: id('org'),
  name: z.string().min(1),
  roles: z.array(roleSchema).default([]),
  /** Email domains whose users sign in through this organization's connection. */
  domains: z.array(domainSchema).default([]),
  connections: z.array(connectionSchema).default([]),
});

const userSchema = z.object({
  id: id('usr'),
  email: z.email(),
  givenName: z.string().min(1),
  familyName: z.string().min(1),
  organizationId: id('org'),
  roles: z.array(z.string().min(1)).default([]),
});

/**
 * The stand-in's seed file: the app client's id, organizations with their roles (a role is a name
 * and the permissions it grants), and users, each a member of one organization with some of its roles.
 */
export const seedSchema = z
  .object({
    appClient: z.object({ id: id('skc'), name: z.string().min(1).default('app') }),
    organizations: z.array(organizationSchema).min(1),
    users: z.array(userSchema).min(1),
  })
  .superRefine((seed, ctx) => {
    const orgs = new Map(seed.organizations.map((o) => [o.id, o]));
    // A domain or a connection routes to one organization only.
    const owners = new Map<string, string>();
    seed.organizations.forEach((org, i) => {
      const names = [...org.domains, ...org.connections.map((c) => c.id)];
      for (const name of names) {
        if (owners.has(name))
          ctx.addIssue({
            code: 'custom',
            path: ['organizations', i],
            message: `${name} is also listed by ${owners.get(name)}`,
          });
        owners.set(name, org.id);
      }
    });
    const emails = new Set<string>();
    seed.users.forEach((user, i) => {
      const org = orgs.get(user.organizationId);
      if (!org)
        ctx.addIssue({
          code: 'custom',
          path: ['users', i, 'organizationId'],
          message: 'unknown organization',
        });
      for (const role of user.roles) {
        if (org && !org.roles.some((r) => r.name === role)) {
          ctx.addIssue({
            code: 'custom',
            path: ['users', i, 'roles'],
            message: `role ${role} is not defined in ${org.id}`,
          });
        }
      }
      const email = user.email.toLowerCase();
      if (emails.has(email))
        ctx.addIssue({ code: 'custom', path: ['users', i, 'email'], message: 'duplicate email' });
      emails.add(email);
    });
  });

export type Seed = z.output<typeof seedSchema>;
export type SeedOrganization = Seed['organizations'][number];
export type SeedConnection = SeedOrganization['connections'][number];
