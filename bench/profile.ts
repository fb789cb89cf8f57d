/**
 * `npm run bench:profile`: where the protected route's CPU time goes (`BENCH_ROUTE=public`: the
 * public route's; `BENCH_ROUTE=session`: a signed-in session's). Starts the built service
 * with `--cpu-prof` (LOG_LEVEL=info, as in production), loads only `GET /api/deployments` with an
 * API client's token, and prints self time grouped by where the code lives (a package under
 * node_modules, the service, the auth package, Node's internals). The raw profile stays in
 * bench/results/profiles for DevTools or speedscope.
 */
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AppProcess } from './app-process';
import { load } from './load';
import { StandInTarget } from './stand-in-target';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const PROFILES = join(__dirname, 'results', 'profiles');
const TOP = Number(process.env.BENCH_TOP ?? 15);
/** `BENCH_ROUTE=public` profiles `GET /api/status`, `session` `GET /api/me` with a session cookie. */
const ROUTE = process.env.BENCH_ROUTE ?? 'bearer';

/** A function as the profile names it, with the file it lives in (for the top-functions table). */
const functionOf = (n: ProfileNode): string =>
  `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*node_modules\//, '')}`;

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string };
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** The group a function is counted in: its npm package, our own code, or the runtime. */
export function groupOf(url: string): string {
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + 'node_modules/'.length).split('/');
    if (rest[0] === '@scalekit-nest') return '@scalekit-nest/auth';
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : (rest[0] ?? url);
  }
  if (url.includes('/packages/auth/')) return '@scalekit-nest/auth';
  if (url.includes('/dist/')) return 'service (dist)';
  if (url === '') return '(native)';
  // node:_http_server, node:internal/streams/writable...: which part of Node, not one bucket.
  if (url.startsWith('node:')) return url.replace(/^node:(internal\/)?/, 'node: ');
  return url;
}

function summarize(
  profile: CpuProfile,
  by: (node: ProfileNode) => string = (n) => groupOf(n.callFrame.url),
): Array<{ group: string; percent: string }> {
  const groupOfNode = new Map(profile.nodes.map((n) => [n.id, by(n)]));
  const nameOfNode = new Map(profile.nodes.map((n) => [n.id, n.callFrame.functionName]));
  const idle = new Set(
    profile.nodes
      .filter((n) =>
        ['(idle)', '(program)', '(garbage collector)'].includes(n.callFrame.functionName),
      )
      .map((n) => n.id),
  );
  const totals = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    const name = idle.has(id) ? (nameOfNode.get(id) ?? '(idle)') : (groupOfNode.get(id) ?? '?');
    if (name === '(idle)') return;
    busy += dt;
    totals.set(name, (totals.get(name) ?? 0) + dt);
  });
  return [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, TOP)
    .map(([group, us]) => ({ group, percent: ((100 * us) / busy).toFixed(1) }));
}

async function main(): Promise<void> {
  // `bench/profile.ts some.cpuprofile`: summarize a profile taken earlier (a before/after pair).
  const given = process.argv[2];
  if (given) return report(JSON.parse(readFileSync(given, 'utf8')) as CpuProfile);
  rmSync(PROFILES, { recursive: true, force: true });
  process.env.BENCH_CPU_PROF = '1';
  const { freePort } = await import('../test/helpers/free-port');
  const port = await freePort();
  const idp = await StandInTarget.start(port);
  const app = await AppProcess.start(port, { ...idp.appEnv, LOG_LEVEL: 'info' });
  const route =
    ROUTE === 'public' ? '/api/status' : ROUTE === 'session' ? '/api/me' : '/api/deployments';
  let rps: number;
  try {
    const headers: Record<string, string> =
      ROUTE === 'public'
        ? {}
        : ROUTE === 'session'
          ? { cookie: await idp.sessionCookie() }
          : { authorization: `Bearer ${await idp.clientToken()}` };
    const url = `${app.url}${route}`;
    await load({ url, headers, seconds: 2, connections: 32 });
    const result = await load({
      url,
      headers,
      seconds: SECONDS,
      connections: 32,
    });
    rps = result.rps;
  } finally {
    await app.stop();
    await idp.stop();
  }
  const file = readdirSync(PROFILES)
    .map((name) => join(PROFILES, name))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
  if (!file) throw new Error('no profile was written');
  console.log(`GET ${route}: ${Math.round(rps)} req/s under the profiler`);
  console.log(`profile: ${file}`);
  report(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile);
}

function report(profile: CpuProfile): void {
  console.table(summarize(profile));
  console.table(summarize(profile, functionOf));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
