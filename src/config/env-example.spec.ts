import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * `.env.example` is the documentation of every variable. This keeps it true: a variable added to a
 * config schema without a line there (or a line left behind after a variable is removed) fails here.
 */
const ROOT = join(__dirname, '..', '..');
/** Every schema of the service (all in src/config), and the stand-in's own. */
const SCHEMA_FILES = [
  ...readdirSync(__dirname)
    .filter((name) => name.endsWith('.config.ts'))
    .map((name) => `src/config/${name}`),
  'src/dev-idp/dev-idp.config.ts',
];

/** Keys of the `z.object({...})` env schemas: upper-case names at the first indentation level. */
function schemaVariables(): Set<string> {
  const names = new Set<string>();
  for (const file of SCHEMA_FILES) {
    const source = readFileSync(join(ROOT, file), 'utf8');
    for (const match of source.matchAll(/^ {2}([A-Z][A-Z0-9_]+): /gm)) {
      names.add(match[1]);
    }
  }
  return names;
}

/** Variables `.env.example` documents, set or commented out (`# NAME=value`). */
function documentedVariables(): string[] {
  const text = readFileSync(join(ROOT, '.env.example'), 'utf8');
  return [...text.matchAll(/^(?:# )?([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]);
}

describe('.env.example', () => {
  const inSchemas = schemaVariables();
  const documented = documentedVariables();

  it('finds the schemas it checks (the pattern still matches the code)', () => {
    expect(inSchemas.size).toBeGreaterThan(40);
    expect(inSchemas).toContain('AUTH_AUDIENCE');
    expect(inSchemas).toContain('DEV_IDP_PORT');
  });

  it('lists every variable a config schema reads', () => {
    expect([...inSchemas].filter((name) => !documented.includes(name))).toEqual([]);
  });

  it('lists nothing that no schema reads, and each variable once', () => {
    expect(documented.filter((name) => !inSchemas.has(name))).toEqual([]);
    expect(documented.filter((name, i) => documented.indexOf(name) !== i)).toEqual([]);
  });
});
