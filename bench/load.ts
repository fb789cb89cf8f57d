import autocannon from 'autocannon';

export interface LoadResult {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly non2xx: number;
  readonly errors: number;
}

export interface LoadOptions {
  readonly url: string;
  readonly headers?: Record<string, string>;
  readonly seconds: number;
  readonly connections: number;
}

/** One autocannon run against one route. */
export async function load(options: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    headers: options.headers,
    duration: options.seconds,
    connections: options.connections,
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

/**
 * Sends `count` requests, each with the next header value from `values` (distinct tokens or
 * unknown kids), as fast as `connections` allow. Used by the memory phase.
 */
export async function sweep(
  url: string,
  values: readonly string[],
  connections: number,
): Promise<{ statuses: Map<number, number> }> {
  let next = 0;
  // Statuses come from autocannon's own counters: an onResponse callback would make it buffer
  // every body, and the load generator, not the service, would set the pace.
  const result = await autocannon({
    url,
    connections,
    amount: values.length,
    requests: [
      {
        setupRequest: (req) => {
          const value = values[next % values.length];
          next += 1;
          return { ...req, headers: { ...req.headers, authorization: `Bearer ${value}` } };
        },
      },
    ],
  });
  const statuses = new Map<number, number>();
  for (const [status, { count }] of Object.entries(result.statusCodeStats ?? {}))
    statuses.set(Number(status), count ?? 0);
  return { statuses };
}

/** Median of a list of numbers. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
