import { ClientIdSchema, OrganizationIdSchema, SecretIdSchema } from './admin-ids';

describe('admin path ids', () => {
  it.each([
    [OrganizationIdSchema, 'org_123', true],
    [OrganizationIdSchema, 'org_', false],
    [OrganizationIdSchema, 'org_../x', false],
    [OrganizationIdSchema, `org_${'1'.repeat(65)}`, false],
    [ClientIdSchema, 'm2morg_69038819013296423', true],
    [ClientIdSchema, 'skc_1', false],
    [ClientIdSchema, 'm2morg_1%2F', false],
    [SecretIdSchema, 'sks_1', true],
    [SecretIdSchema, 'sks_1 ', false],
  ])('%#: %s -> %s', (schema, value, ok) => {
    expect(schema.safeParse(value).success).toBe(ok);
  });
});
