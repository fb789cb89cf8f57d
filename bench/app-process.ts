import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A peer of the bench (bench/peers/*.ts), run through ts-node like the bench itself. */
export interface PeerEntry {
  readonly script: string;
}

/**
 * A target in its own process, so the load generator never shares its core: the built service
 * (dist/main.js) or one of the bench's peers.
 */
export class AppProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {}

  static async start(
    port: number,
    env: Record<string, string>,
    peer?: PeerEntry,
  ): Promise<AppProcess> {
    // BENCH_CPU_PROF=1 writes a V8 CPU profile per service process to bench/results/profiles,
    // for finding where a route's time goes (open it in Chrome DevTools or speedscope).
    const profile = process.env.BENCH_CPU_PROF
      ? ['--cpu-prof', `--cpu-prof-dir=${join(__dirname, 'results', 'profiles')}`]
      : [];
    const entry = peer
      ? ['-r', 'ts-node/register/transpile-only', join(__dirname, 'peers', peer.script)]
      : [join(__dirname, '..', 'dist', 'main.js')];
    const child = spawn(process.execPath, [...profile, ...entry], {
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'production',
        TS_NODE_PROJECT: join(__dirname, '..', 'tsconfig.json'),
        LOG_LEVEL: 'info',
        HOST: '127.0.0.1',
        PORT: String(port),
        ...env,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const app = new AppProcess(child, `http://127.0.0.1:${port}`);
    await app.waitUntilLive();
    return app;
  }

  /** Peak resident set size of the service process so far (VmHWM), in MiB. */
  peakRssMiB(): number {
    const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
    const match = /VmHWM:\s+(\d+) kB/.exec(status);
    return match ? Math.round(Number(match[1]) / 1024) : NaN;
  }

  currentRssMiB(): number {
    const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
    const match = /VmRSS:\s+(\d+) kB/.exec(status);
    return match ? Math.round(Number(match[1]) / 1024) : NaN;
  }

  /** CPU time (user + system) the service process has used so far, in milliseconds. */
  cpuMs(): number {
    // Fields 14 and 15 of /proc/<pid>/stat, in clock ticks (100 per second on Linux); the
    // process name (field 2) is parenthesised and may hold spaces, so count from its end.
    const stat = readFileSync(`/proc/${this.child.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    await exited;
  }

  private async waitUntilLive(): Promise<void> {
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null)
        throw new Error(`service exited with code ${this.child.exitCode}`);
      try {
        const res = await fetch(`${this.url}/health/live`);
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('service did not become live within 20 s');
  }
}
