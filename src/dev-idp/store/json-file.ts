import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { z } from 'zod';

/**
 * A data file that cannot be used (bad JSON, wrong shape). Its message names the file and what to
 * do, because it ends the start-up: guessing around a damaged store could mint tokens with a
 * different key or silently forget registered clients.
 */
export class DataFileError extends Error {
  constructor(file: string, problem: string) {
    super(
      `dev-idp: ${file} is unreadable (${problem}). Fix it, or delete it to start that part afresh ` +
        '(clients.json: registered API clients; signing-key.json: issued tokens; app-client.json: the app secret; grants.json: sign-ins kept across restarts).',
    );
    this.name = 'DataFileError';
  }
}

/** Reads and validates a JSON file, or returns undefined when it does not exist yet. */
export function readJsonFile<T>(file: string, schema: z.ZodType<T>): T | undefined {
  if (!existsSync(file)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error: unknown) {
    throw new DataFileError(file, error instanceof Error ? error.message : 'not JSON');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new DataFileError(file, `${first?.path.join('.') || '(root)'}: ${first?.message ?? ''}`);
  }
  return parsed.data;
}

/**
 * Writes JSON atomically (temp file + rename), owner-only: a crash mid-write must not leave a
 * truncated store behind, and the files hold key material and secret hashes.
 * Synchronous on purpose: the files are tiny and one write can never interleave with another.
 */
export function writeJsonFile(file: string, value: unknown): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temp, 0o600);
  renameSync(temp, file);
}
