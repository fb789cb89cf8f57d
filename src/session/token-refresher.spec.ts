import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import type { Principal } from '@scalekit-nest/auth';
import { LockUnavailableError } from '../locks/lock.errors';
import { MemoryLocks } from '../locks/memory-locks';
import {
  ScalekitInvalidGrantError,
  ScalekitInvalidResponseError,
  ScalekitUnavailableError,
} from '../scalekit/scalekit.errors';
import type { ScalekitPort } from '../scalekit/scalekit.port';
import type { TokenSet } from '../scalekit/scalekit.types';
import type { SessionPrincipalFactory } from './session-principal.factory';
import type { Session } from './session-record';
import { SessionService } from './session.service';
import type { SessionSettings } from './session.settings';
import { FileSessionStore } from './store/file-session.store';
import { TokenRefresher } from './token-refresher';

const settings = {
  idleTimeoutMs: 60_000,
  absoluteTimeoutMs: 600_000,
  refreshLeewayMs: 60_000,
  refreshLockMs: 2_000,
} as SessionSettings;

/** The principal of a fake access token `at-<n>-<exp seconds>`. */
const principals = {
  fromAccessToken: (token: string): Promise<Principal> =>
    Promise.resolve({
      expiresAt: Number(token.split('-')[2]),
      roles: new Set(['r']),
      permissions: new Set(['p']),
    } as unknown as Principal),
} as SessionPrincipalFactory;

describe('TokenRefresher', () => {
  let dir: string;
  let store: FileSessionStore;
  let locks: MemoryLocks;
  let sessions: SessionService;
  let calls: number;
  let answer: (refreshToken: string) => Promise<TokenSet>;
  let refresher: TokenRefresher;

  const port = { refresh: (rt: string) => (calls++, answer(rt)) } as unknown as ScalekitPort;
  const token = (n: number, inS: number) => `at-${n}-${Math.floor(Date.now() / 1000) + inS}`;

  async function sessionExpiringIn(
    seconds: number,
    /** `null`: a session without one (no `offline_access`). */
    refreshToken: string | null = 'rt-0',
  ): Promise<Session> {
    return sessions.create({
      user: { id: 'usr_1', name: 'U' },
      tokens: {
        accessToken: token(0, seconds),
        refreshToken: refreshToken ?? undefined,
        expiresAt: Date.now() + seconds * 1000,
      },
      roles: [],
      permissions: [],
    });
  }

  // The refresher logs why a session ended; the assertions check it, the console need not show it.
  beforeAll(() => {
    Logger.overrideLogger(false);
  });
  afterAll(() => {
    Logger.overrideLogger(['log', 'error', 'warn', 'debug', 'verbose']);
  });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'refresher-'));
    store = new FileSessionStore(dir, 100);
    sessions = new SessionService(store, settings);
    calls = 0;
    answer = async () => {
      await sleep(50);
      return {
        accessToken: token(calls, 300),
        refreshToken: `rt-${calls}`,
        idToken: undefined,
        expiresIn: 300,
      };
    };
    locks = new MemoryLocks();
    refresher = new TokenRefresher(port, sessions, locks, principals, settings);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('leaves a token with more than the leeway alone', async () => {
    const session = await sessionExpiringIn(120);
    expect(await refresher.ensureFresh(session)).toBe(session);
    expect(calls).toBe(0);
  });

  it('refreshes once for concurrent requests in this process (one lock taken)', async () => {
    const session = await sessionExpiringIn(30);
    const tryLock = jest.spyOn(locks, 'tryLock');
    const results = await Promise.all(
      Array.from({ length: 5 }, () => refresher.ensureFresh(session)),
    );
    expect(calls).toBe(1);
    expect(tryLock).toHaveBeenCalledTimes(1);
    expect(new Set(results.map((r) => r?.data.tokens.refreshToken))).toEqual(new Set(['rt-1']));
    expect((await sessions.load(session.id))?.data.tokens).toMatchObject({
      refreshToken: 'rt-1',
      accessToken: token(1, 300),
    });
  });

  it('waits for the instance holding the lock instead of refreshing again', async () => {
    const session = await sessionExpiringIn(30);
    const lock = await locks.tryLock(`refresh:${session.key}`, 2_000);
    const waiting = refresher.ensureFresh(session);
    await sleep(100);
    const elsewhere = await sessions.update(session, {
      ...session.data,
      tokens: { ...session.data.tokens, refreshToken: 'rt-other' },
    });
    await locks.unlock(`refresh:${session.key}`, lock ?? '');
    expect((await waiting)?.data.tokens.refreshToken).toBe('rt-other');
    expect(elsewhere).not.toBeNull();
    expect(calls).toBe(0);
  });

  it('ends the session when the refresh token is refused', async () => {
    const session = await sessionExpiringIn(30);
    answer = () => Promise.reject(new ScalekitInvalidGrantError('refused', 'invalid_grant'));
    expect(await refresher.ensureFresh(session)).toBeNull();
    expect(await sessions.load(session.id)).toBeNull();
  });

  it('keeps a still-valid token when Scalekit is down, and answers 503 once it expired', async () => {
    answer = () => Promise.reject(new ScalekitUnavailableError('down'));
    const valid = await sessionExpiringIn(30);
    expect(await refresher.ensureFresh(valid)).toEqual(valid);
    const expired = await sessionExpiringIn(-1);
    await expect(refresher.ensureFresh(expired)).rejects.toMatchObject({ status: 503 });
    expect(await sessions.load(expired.id)).not.toBeNull();
  });

  it('says so when the session has no refresh token, and calls nobody', async () => {
    const session = await sessionExpiringIn(30, null);
    expect(await refresher.refresh(session)).toEqual({
      status: 'unchanged',
      session,
      because: 'no_refresh_token',
    });
    expect(calls).toBe(0);
    const expired = await sessionExpiringIn(-1, null);
    expect(await refresher.refresh(expired)).toEqual({ status: 'ended' });
  });

  it('keeps the refresh token when the answer carries none (RFC 6749 section 6)', async () => {
    answer = () =>
      Promise.resolve({
        accessToken: token(9, 300),
        refreshToken: undefined,
        idToken: undefined,
        expiresIn: 300,
      });
    const session = await sessionExpiringIn(30);
    const outcome = await refresher.refresh(session);
    expect(outcome.status).toBe('refreshed');
    expect((await sessions.load(session.id))?.data.tokens).toMatchObject({
      accessToken: token(9, 300),
      refreshToken: 'rt-0',
    });
  });

  it('an out-of-protocol answer: current token kept while valid, 502 invalid_idp_response once expired', async () => {
    answer = () => Promise.reject(new ScalekitInvalidResponseError('no access_token'));
    const valid = await sessionExpiringIn(30);
    expect(await refresher.refresh(valid)).toMatchObject({
      status: 'unchanged',
      because: 'invalid_idp_response',
    });
    expect((await sessions.load(valid.id))?.data.tokens.refreshToken).toBe('rt-0');
    const expired = await sessionExpiringIn(-1);
    await expect(refresher.ensureFresh(expired)).rejects.toMatchObject({
      status: 502,
      response: expect.objectContaining({ error: 'invalid_idp_response' }),
    });
    expect(await sessions.load(expired.id)).not.toBeNull();
  });

  it('answers 503 session_store_unavailable when the lock store fails', async () => {
    const session = await sessionExpiringIn(30);
    jest.spyOn(locks, 'tryLock').mockRejectedValue(new LockUnavailableError('down'));
    await expect(refresher.ensureFresh(session)).rejects.toMatchObject({
      status: 503,
      response: expect.objectContaining({ error: 'session_store_unavailable' }),
    });
    expect(calls).toBe(0);
  });
});
