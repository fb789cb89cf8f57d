import { join } from 'node:path';
import { z } from 'zod';
import { readJsonFile, writeJsonFile } from './json-file';
import { hashSecret, newPlainSecret } from './secret-hash';

/** The app's own client (the SCALEKIT_CLIENT_ID / SCALEKIT_CLIENT_SECRET pair). */
export interface AppClientCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly secretHash: string;
}

const appClientFileSchema = z.object({
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
});
type AppClientFile = z.output<typeof appClientFileSchema>;

/**
 * Loads the app client's secret from `<dataDir>/app-client.json`, creating it on first start.
 * Unlike API-client secrets this one is kept in plain text (owner-only file): the stand-in must
 * hand it to the app at every start, the way a developer copies it into `.env`. It is a local
 * development credential for a local issuer and opens nothing else.
 */
export function loadAppClientCredentials(dataDir: string, clientId: string): AppClientCredentials {
  const file = join(dataDir, 'app-client.json');
  const stored = readJsonFile(file, appClientFileSchema);
  // Another seed's app client id: a new secret for this one (the old file is overwritten).
  if (stored && stored.clientId === clientId) {
    return {
      clientId,
      clientSecret: stored.clientSecret,
      secretHash: hashSecret(stored.clientSecret),
    };
  }
  const clientSecret = newPlainSecret();
  const created: AppClientFile = { clientId, clientSecret };
  writeJsonFile(file, created);
  return { clientId, clientSecret, secretHash: hashSecret(clientSecret) };
}
