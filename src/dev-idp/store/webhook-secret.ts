import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { z } from 'zod';
import { readJsonFile, writeJsonFile } from './json-file';

const fileSchema = z.object({ secret: z.string().regex(/^whsec_[A-Za-z0-9+/]+={0,2}$/) });

/**
 * The signing secret of the stand-in's webhooks (`whsec_` and 32 random bytes, as the Scalekit
 * dashboard shows one), kept in `<dataDir>/webhook-secret.json` so the app's copy stays valid
 * across restarts.
 */
export function loadWebhookSecret(dataDir: string): string {
  const file = join(dataDir, 'webhook-secret.json');
  const stored = readJsonFile(file, fileSchema);
  if (stored) return stored.secret;
  const secret = `whsec_${randomBytes(32).toString('base64')}`;
  writeJsonFile(file, { secret });
  return secret;
}
