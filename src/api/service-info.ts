import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Name and version the service reports on `GET /api/status`. */
export interface ServiceInfo {
  readonly service: string;
  readonly version: string;
}

export const SERVICE_INFO = Symbol('SERVICE_INFO');

/** The version from package.json, read once at start (two levels up from both src/api and dist/api). */
export function readVersion(): string {
  try {
    const pkg: unknown = JSON.parse(
      readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'),
    );
    const version = (pkg as { version?: unknown }).version;
    return typeof version === 'string' ? version : 'unknown';
  } catch {
    return 'unknown';
  }
}
