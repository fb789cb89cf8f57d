import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigValidationError } from '../config/env';
import { startDevIdp } from './dev-idp';
import { parseDevIdpConfig } from './dev-idp.config';

/**
 * `npm run idp`: the local Scalekit stand-in alone, for other apps on this machine. Register their
 * callback URLs with DEV_IDP_REDIRECT_URIS. Development only: refuses NODE_ENV=production.
 */
async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  if (process.env.NODE_ENV === 'production')
    throw new Error('The Scalekit stand-in is for development only (NODE_ENV=production).');
  const config = parseDevIdpConfig(process.env);
  if (!config.ok) throw new ConfigValidationError(config.problems);
  const idp = await startDevIdp(config.value.options);
  const print = (line: string) => process.stdout.write(`${line}\n`);
  print(
    `Scalekit stand-in listening at ${idp.url} (OIDC over HTTP/1.1, gRPC ClientService over h2c)`,
  );
  print(`  SCALEKIT_ENVIRONMENT_URL=${idp.url}`);
  print(`  SCALEKIT_CLIENT_ID=${idp.appClient.clientId}`);
  print(`  SCALEKIT_CLIENT_SECRET: see ${join(idp.dataDir, 'app-client.json')}`);
  print(
    `  redirect URIs: ${(config.value.options.appRedirectUris ?? []).join(', ') || '(none: set DEV_IDP_REDIRECT_URIS)'}`,
  );
  for (const user of idp.users)
    print(
      `  user ${user.email} (${user.organizationName}, roles: ${user.roles.join(', ') || 'none'})`,
    );
  const stop = () => void idp.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
