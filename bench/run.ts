/**
 * `npm run bench`: what guarding a route costs, measured on loopback in one run.
 *
 * 1. Throughput: the built service (its own process) against the local Scalekit stand-in. After a
 *    warm-up, the public route, a bearer-protected route (an API client's token) and a
 *    session-protected route (a signed-in admin's cookie) are loaded in interleaved rounds with
 *    autocannon; medians of the rounds are compared with the public route.
 * 2. Memory: a second service process, against the bench's own issuer, receives 100,000 distinct
 *    valid tokens and then 100,000 unknown kids; its peak RSS and JWKS fetches must stay bounded.
 *
 * Prints a table, writes bench/results/latest.json, and exits 1 when a target is missed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { AppProcess } from './app-process';
import { load, LoadResult, median, sweep } from './load';
import { LocalIssuer } from './local-issuer';
import { StandInTarget } from './stand-in-target';
import { BenchReport, checkTargets, RouteFigures, TARGETS, Verdict } from './targets';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 12);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 1.5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const FLOOD = Number(process.env.BENCH_FLOOD ?? 100_000);
const AUDIENCE = 'https://bench.api.example';

interface Route {
  readonly name: string;
  readonly path: string;
  readonly headers: Record<string, string>;
}

/** Prints how long a phase took, so a slow run shows where its time went. */
async function timed<T>(label: string, work: () => Promise<T> | T): Promise<T> {
  const started = Date.now();
  const result = await work();
  console.log(`${label}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

async function main(): Promise<void> {
  const started = Date.now();
  const throughput = await timed('throughput phase', measureThroughput);
  const memory = await timed('memory phase', measureMemory);
  const report: BenchReport = {
    machine: `${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}`,
    rounds: ROUNDS,
    secondsPerRun: SECONDS,
    connections: CONNECTIONS,
    ...throughput,
    ...memory,
    seconds: Math.round((Date.now() - started) / 1000),
  };
  const verdicts = checkTargets(report);
  printTable(report, verdicts);
  mkdirSync(join(__dirname, 'results'), { recursive: true });
  writeFileSync(
    join(__dirname, 'results', 'latest.json'),
    JSON.stringify({ ...report, targets: TARGETS, verdicts }, null, 2),
  );
  process.exitCode = verdicts.every((v) => v.pass) ? 0 : 1;
}

async function measureThroughput(): Promise<
  Pick<BenchReport, 'routes' | 'jwksFetchesDuringThroughput' | 'throughputPeakRssMiB'>
> {
  const port = await freeLoopbackPort();
  const idp = await StandInTarget.start(port);
  const app = await AppProcess.start(port, idp.appEnv);
  try {
    const token = await idp.clientToken();
    const cookie = await idp.sessionCookie();
    const routes: Route[] = [
      { name: 'public GET /api/status', path: '/api/status', headers: {} },
      {
        name: 'bearer GET /api/deployments',
        path: '/api/deployments',
        headers: { authorization: `Bearer ${token}` },
      },
      {
        name: 'session GET /api/me',
        path: '/api/me',
        headers: { cookie, accept: 'application/json' },
      },
    ];
    for (const route of routes) await run(app, route, 1);

    const samples = new Map<string, LoadResult[]>(routes.map((r) => [r.name, []]));
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate the order every round so drift (heat, GC, other load) hits every route alike.
      const order = round % 2 === 0 ? routes : [...routes].reverse();
      for (const route of order) samples.get(route.name)?.push(await run(app, route, SECONDS));
    }
    // Ratios are taken within each round (runs seconds apart) and their median reported: this
    // VM's speed drifts by tens of percent over a minute, which a ratio of medians would mix in.
    const publicRuns = samples.get(routes[0].name) ?? [];
    const figures: RouteFigures[] = routes.map((route) => {
      const runs = samples.get(route.name) ?? [];
      return {
        name: route.name,
        rps: median(runs.map((r) => r.rps)),
        p50: median(runs.map((r) => r.p50)),
        p99: median(runs.map((r) => r.p99)),
        rpsRatio: median(runs.map((r, i) => r.rps / publicRuns[i].rps)),
        p99Ratio: median(runs.map((r, i) => r.p99 / publicRuns[i].p99)),
      };
    });
    return {
      routes: figures,
      jwksFetchesDuringThroughput: idp.jwksFetches,
      throughputPeakRssMiB: app.peakRssMiB(),
    };
  } finally {
    await app.stop();
    await idp.stop();
  }
}

async function run(app: AppProcess, route: Route, seconds: number): Promise<LoadResult> {
  const result = await load({
    url: app.url + route.path,
    headers: route.headers,
    seconds,
    connections: CONNECTIONS,
  });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${route.name}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return result;
}

async function measureMemory(): Promise<
  Pick<BenchReport, 'flood' | 'floodPeakRssMiB' | 'jwksFetchesDuringFlood'>
> {
  const issuer = await LocalIssuer.start(AUDIENCE);
  const app = await AppProcess.start(await freeLoopbackPort(), {
    AUTH_ISSUER: issuer.url,
    AUTH_AUDIENCE: AUDIENCE,
    AUTH_ALGORITHMS: 'RS256,ES256',
    AUTH_JWKS_COOLDOWN_MS: String(TARGETS.floodJwksCooldownS * 1000),
  });
  try {
    const rssAtStart = app.currentRssMiB();
    const valid = await timed(`  minting ${FLOOD} tokens`, () => mintDistinct(issuer, FLOOD));
    const validSweep = await timed('  distinct valid tokens', () =>
      sweep(`${app.url}/api/deployments`, valid, CONNECTIONS),
    );
    const kidSweepStarted = Date.now();
    const kidSweep = await sweep(
      `${app.url}/api/deployments`,
      craftUnknownKidTokens(issuer.url, FLOOD),
      CONNECTIONS,
    );
    return {
      flood: {
        distinctValidTokens: FLOOD,
        validStatuses: Object.fromEntries(validSweep.statuses),
        unknownKids: FLOOD,
        unknownKidStatuses: Object.fromEntries(kidSweep.statuses),
        rssAtStartMiB: rssAtStart,
        rssAfterMiB: app.currentRssMiB(),
        unknownKidSweepSeconds: Math.round((Date.now() - kidSweepStarted) / 1000),
      },
      floodPeakRssMiB: app.peakRssMiB(),
      jwksFetchesDuringFlood: issuer.jwksFetches,
    };
  } finally {
    await app.stop();
    await issuer.close();
  }
}

function mintDistinct(issuer: LocalIssuer, count: number): string[] {
  const tokens: string[] = [];
  for (let i = 0; i < count; i++) {
    tokens.push(
      issuer.mint({
        alg: 'ES256',
        subject: `m2morg_${200000000000000000 + i}`,
        scopes: ['read:deployments'],
      }),
    );
  }
  return tokens;
}

/** Tokens whose `kid` is in no key set: they must cost no JWKS fetch beyond the cooldown and no memory. */
function craftUnknownKidTokens(iss: string, count: number): string[] {
  const b64 = (v: object): string => Buffer.from(JSON.stringify(v)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const payload = b64({
    iss,
    aud: AUDIENCE,
    sub: 'm2morg_1',
    exp: now + 3600,
    iat: now,
    scopes: ['read:deployments'],
  });
  const signature = Buffer.alloc(256, 7).toString('base64url');
  return Array.from(
    { length: count },
    (_, i) => `${b64({ alg: 'RS256', typ: 'JWT', kid: `unknown-${i}` })}.${payload}.${signature}`,
  );
}

async function freeLoopbackPort(): Promise<number> {
  const { freePort } = await import('../test/helpers/free-port');
  return freePort();
}

function printTable(report: BenchReport, verdicts: readonly Verdict[]): void {
  console.log(
    `\nmachine: ${report.machine}; ${report.rounds} rounds x ${report.secondsPerRun} s per route, ${report.connections} connections`,
  );
  console.table(
    report.routes.map((f) => ({
      route: f.name,
      'req/s': Math.round(f.rps),
      'p50 ms': f.p50,
      'p99 ms': f.p99,
      'x public req/s': f.rpsRatio.toFixed(2),
      'x public p99': f.p99Ratio.toFixed(2),
    })),
  );
  console.log(
    `JWKS fetches: ${report.jwksFetchesDuringThroughput} (throughput phase), ${report.jwksFetchesDuringFlood} (flood phase); ` +
      `peak RSS ${report.throughputPeakRssMiB} MiB (throughput), ${report.floodPeakRssMiB} MiB (flood); ${report.seconds} s`,
  );
  for (const v of verdicts) console.log(`${v.pass ? 'PASS' : 'FAIL'}  ${v.name}: ${v.detail}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
