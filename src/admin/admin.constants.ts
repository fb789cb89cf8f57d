/** Injection token of the resolved {@link AdminConfig}. */
export const ADMIN_CONFIG = Symbol('ADMIN_CONFIG');

/** Where the admin API lives; the routes below it are fixed by the issue. */
export const ADMIN_CLIENTS_PATH = 'api/admin/organizations/:organizationId/clients';
