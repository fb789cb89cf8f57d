import { randomInt } from 'node:crypto';

/** Prefixes of the identifiers Scalekit hands out (see docs/CONTRACTS.md). */
export type IdPrefix = 'org' | 'usr' | 'skc' | 'm2morg' | 'sks' | 'ses' | 'snk';

/**
 * A new identifier shaped like Scalekit's: a prefix and a decimal number. Scalekit's numbers are
 * 64-bit snowflakes (17-18 digits); 18 random digits keep the shape without pretending to be time-ordered.
 */
export function newId(prefix: IdPrefix): string {
  let digits = String(randomInt(1, 10));
  for (let i = 0; i < 17; i += 1) digits += String(randomInt(0, 10));
  return `${prefix}_${digits}`;
}

/** Whether `value` is an identifier with this prefix. */
export function hasIdShape(value: string, prefix: IdPrefix): boolean {
  return new RegExp(`^${prefix}_\\d+$`).test(value);
}
