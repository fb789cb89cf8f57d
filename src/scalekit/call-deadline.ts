import { connect } from 'node:net';
import { raceDeadline } from '../common/deadline';
import { ScalekitError, ScalekitTimeoutError, ScalekitUnavailableError } from './scalekit.errors';

/** How long the deadline's reachability probe may take on top of the deadline itself. */
const PROBE_BUDGET_MS = 250;

/**
 * Bounds one port call by `timeoutMs` in total. The SDK's own timeout applies per attempt, and it
 * retries UNAVAILABLE with 1-2-4 s backoff, so a stopped Scalekit would otherwise take up to 7 s
 * longer than configured. When the deadline passes, one TCP connect tells "nothing listens"
 * (unavailable) from "listens but does not answer" (timeout).
 */
export function withDeadline<T>(work: Promise<T>, timeoutMs: number, baseUrl: string): Promise<T> {
  return raceDeadline(work, timeoutMs, () =>
    classifyDeadline(baseUrl, Math.min(PROBE_BUDGET_MS, timeoutMs)),
  );
}

async function classifyDeadline(baseUrl: string, budgetMs: number): Promise<ScalekitError> {
  const reachable = await canConnect(baseUrl, budgetMs);
  return reachable === false
    ? new ScalekitUnavailableError('Scalekit could not be reached before the deadline')
    : new ScalekitTimeoutError('Scalekit did not answer before the deadline');
}

/** true: accepted a TCP connection; false: refused or unroutable; undefined: no answer in time. */
export function canConnect(baseUrl: string, budgetMs: number): Promise<boolean | undefined> {
  const url = new URL(baseUrl);
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
  return new Promise((resolve) => {
    const socket = connect({ host: url.hostname, port });
    const done = (result: boolean | undefined) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(budgetMs, () => done(undefined));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
