import { isIP } from 'node:net';

/**
 * `trust proxy` (proxy-addr rules, as Express and Fastify read them), as this service accepts it: `false` (no proxy: the socket address is the
 * client), a number of proxy hops in front of the app, or the proxies' addresses (IPs, CIDR ranges,
 * or proxy-addr's names `loopback`, `linklocal`, `uniquelocal`).
 */
export type TrustProxy = false | number | readonly string[];

const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);
const MAX_HOPS = 10;

/**
 * `true` is refused in production: it trusts every `X-Forwarded-For` entry, so any client picks
 * the address the rate limits key on. Outside production it means "one hop", with the same
 * meaning as `1`, so local set-ups behind a dev proxy keep working.
 */
export function parseTrustProxy(
  raw: string | undefined,
  isProduction: boolean,
): { ok: true; value: TrustProxy } | { ok: false; problem: string } {
  const value = raw?.trim() ?? '';
  if (value === '' || value === 'false') return { ok: true, value: false };
  if (value === 'true') {
    if (isProduction)
      return {
        ok: false,
        problem:
          'TRUST_PROXY: true trusts any client-supplied X-Forwarded-For (clients could pick their own IP and escape rate limits); set the number of proxy hops (e.g. 1) or the proxy addresses',
      };
    return { ok: true, value: 1 };
  }
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops > MAX_HOPS)
      return { ok: false, problem: `TRUST_PROXY: at most ${MAX_HOPS} hops (got ${hops})` };
    return { ok: true, value: hops === 0 ? false : hops };
  }
  const entries = value.split(',').map((e) => e.trim());
  const bad = entries.find((e) => !isProxyAddress(e));
  if (bad !== undefined)
    return {
      ok: false,
      problem: `TRUST_PROXY: "${bad.slice(0, 60)}" is not false, a hop count, an IP, a CIDR range or loopback/linklocal/uniquelocal`,
    };
  return { ok: true, value: entries };
}

function isProxyAddress(entry: string): boolean {
  if (NAMED_RANGES.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  if (rest.length > 0) return false;
  const family = isIP(address);
  if (family === 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}
