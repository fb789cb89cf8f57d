import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { TestIssuer, useTestIssuer } from '@scalekit-nest/auth/testing';
import { createClient } from 'graphql-ws';
import { io, Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { AppModule } from '../src/app.module';

interface GraphqlResult {
  data?: unknown;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

describe('GraphQL (Apollo, graphql-ws) and a socket.io gateway on Express', () => {
  let issuer: TestIssuer;
  let app: INestApplication;
  let base: string;
  // What the app logs at ERROR: a refused call is the caller's fault and must log nothing there.
  const errors: unknown[] = [];
  const errorLog = {
    log: () => undefined,
    warn: () => undefined,
    error: (message: unknown) => void errors.push(message),
  };

  beforeAll(async () => {
    issuer = await TestIssuer.start();
    const moduleRef = await useTestIssuer(
      Test.createTestingModule({ imports: [AppModule] }),
      issuer,
    ).compile();
    app = moduleRef.createNestApplication({ logger: errorLog });
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });
  afterAll(async () => {
    expect(errors).toEqual([]);
    await app.close();
    await issuer.stop();
  });

  const graphql = async (query: string, token?: string): Promise<GraphqlResult> => {
    const res = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query }),
    });
    return (await res.json()) as GraphqlResult;
  };

  describe('queries and mutations', () => {
    it('a @Public() query needs no token', async () => {
      expect((await graphql('{ health }')).data).toEqual({ health: 'ok' });
    });

    it('UNAUTHENTICATED without a token or with a bad one, never a 500', async () => {
      for (const token of [undefined, 'not.a.jwt']) {
        const result = await graphql('{ projectList { name } }', token);
        expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
        expect(result.data ?? null).toBeNull();
      }
    });

    it('FORBIDDEN with the missing scope; passes with any of the @AnyScope scopes', async () => {
      const weak = await issuer.mintClient({ scopes: ['other'] });
      const denied = await graphql('{ projectList { name } }', weak);
      expect(denied.errors?.[0]?.extensions).toMatchObject({
        code: 'FORBIDDEN',
        error: 'insufficient_scope',
        scope: 'projects:read projects:admin',
      });
      const admin = await issuer.mintClient({ scopes: ['projects:admin'] });
      expect((await graphql('{ projectList { name } }', admin)).data).toEqual({
        projectList: [{ name: 'apollo' }],
      });
    });

    it('a mutation sees the principal', async () => {
      const writer = await issuer.mintUser({ sub: 'usr_7' }, {});
      const denied = await graphql('mutation { createProject(name: "x") { name } }', writer);
      expect(denied.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
      const token = await issuer.mintClient({ clientId: 'm2morg_7', scopes: ['projects:write'] });
      const created = await graphql(
        'mutation { createProject(name: "gemini") { name owner } }',
        token,
      );
      expect(created.data).toEqual({ createProject: { name: 'gemini', owner: 'm2morg_7' } });
    });
  });

  describe('subscriptions over graphql-ws', () => {
    /** The values received, or the GraphQL errors the subscription ended with. */
    const subscribe = async (
      connectionParams: Record<string, unknown>,
    ): Promise<number[] | readonly unknown[]> => {
      const client = createClient({
        url: `${base.replace('http', 'ws')}/graphql`,
        webSocketImpl: WebSocket,
        connectionParams,
        retryAttempts: 0,
      });
      const values: number[] = [];
      try {
        for await (const result of client.iterate<{ countdown: number }>({
          query: 'subscription { countdown(from: 2) }',
        })) {
          if (result.errors) return result.errors;
          if (result.data) values.push(result.data.countdown);
        }
        return values;
      } catch (errors: unknown) {
        // graphql-ws ends the iteration with the `error` message's GraphQL errors.
        if (Array.isArray(errors)) return errors as unknown[];
        throw errors;
      } finally {
        await client.dispose();
      }
    };

    it('reads the token from the connection parameters (either spelling)', async () => {
      const token = await issuer.mintClient({ scopes: ['projects:read'] });
      await expect(subscribe({ authorization: `Bearer ${token}` })).resolves.toEqual([2, 1, 0]);
      await expect(subscribe({ Authorization: `Bearer ${token}` })).resolves.toEqual([2, 1, 0]);
    });

    it('refuses without a token (UNAUTHENTICATED) and without the scope (FORBIDDEN)', async () => {
      await expect(subscribe({})).resolves.toEqual([
        expect.objectContaining({
          extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }),
        }),
      ]);
      const weak = await issuer.mintClient({ scopes: ['other'] });
      await expect(subscribe({ authorization: `Bearer ${weak}` })).resolves.toEqual([
        expect.objectContaining({
          extensions: expect.objectContaining({ code: 'FORBIDDEN', scope: 'projects:read' }),
        }),
      ]);
    });
  });

  describe('a subscription outliving its token', () => {
    it('gets its events until the token expires, then one UNAUTHENTICATED error, and ends', async () => {
      // `exp` has whole seconds: two of them, so the subscription surely starts before.
      const reader = await issuer.mintClient({ scopes: ['projects:read'] }, { expiresIn: 2 });
      const writer = await issuer.mintClient({ scopes: ['projects:write'] });
      const client = createClient({
        url: `${base.replace('http', 'ws')}/graphql`,
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${reader}` },
        retryAttempts: 0,
      });
      const received: unknown[] = [];
      const started = Date.now();
      try {
        const stream = client.iterate<{ projectCreated: { name: string } }>({
          query: 'subscription { projectCreated { name } }',
        });
        const consumed = (async () => {
          for await (const result of stream) received.push(result.errors ?? result.data);
        })();
        // Once the subscription is live, one project is created: that event still arrives.
        for (let i = 0; i < 50 && received.length === 0; i++) {
          await graphql(`mutation { createProject(name: "live-${i}") { name } }`, writer);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        await consumed;
      } finally {
        await client.dispose();
      }
      const [first, ...rest] = received;
      expect(first).toEqual({ projectCreated: { name: expect.stringMatching(/^live-/) } });
      const last = received.at(-1);
      expect(last).toEqual([
        expect.objectContaining({
          message: 'The access token expired',
          extensions: expect.objectContaining({ code: 'UNAUTHENTICATED', error: 'invalid_token' }),
        }),
      ]);
      // Nothing after the refusal, and it came at the token's expiry, not later.
      expect(rest.indexOf(last)).toBe(rest.length - 1);
      expect(Date.now() - started).toBeLessThan(4_000);
    }, 10_000);
  });

  describe('socket.io gateway', () => {
    const connect = (options: { token?: string; header?: string }): Promise<Socket> =>
      new Promise((resolve, reject) => {
        const socket = io(base, {
          path: '/events',
          transports: ['websocket'],
          auth: options.token ? { token: options.token } : {},
          extraHeaders: options.header ? { authorization: options.header } : {},
          reconnection: false,
        });
        socket.once('connect', () => resolve(socket));
        socket.once('connect_error', reject);
      });
    const reply = (socket: Socket, event: string): Promise<{ event: string; data: unknown }> =>
      new Promise((resolve) => {
        socket.once(event, (data: unknown) => resolve({ event, data }));
        socket.once('exception', (data: unknown) => resolve({ event: 'exception', data }));
      });

    it('a public message needs no token', async () => {
      const socket = await connect({});
      try {
        const pong = reply(socket, 'pong');
        socket.emit('ping');
        expect(await pong).toEqual({ event: 'pong', data: 'pong' });
      } finally {
        socket.disconnect();
      }
    });

    it('reads auth.token or the Authorization header of the handshake', async () => {
      const token = await issuer.mintClient({ clientId: 'm2morg_io', scopes: ['events:read'] });
      for (const options of [
        { token },
        { token: `Bearer ${token}` },
        { header: `Bearer ${token}` },
      ]) {
        const socket = await connect(options);
        try {
          const answer = reply(socket, 'whoami');
          socket.emit('whoami');
          expect(await answer).toEqual({ event: 'whoami', data: { subject: 'm2morg_io' } });
        } finally {
          socket.disconnect();
        }
      }
    });

    it('refuses with an exception event: missing credentials, then the missing scope', async () => {
      const anonymous = await connect({});
      try {
        const answer = reply(anonymous, 'whoami');
        anonymous.emit('whoami');
        expect(await answer).toEqual({
          event: 'exception',
          data: {
            status: 'error',
            error: 'missing_credentials',
            message: 'Authentication is required',
          },
        });
      } finally {
        anonymous.disconnect();
      }
      const reader = await connect({ token: await issuer.mintClient({ scopes: ['events:read'] }) });
      try {
        const answer = reply(reader, 'published');
        reader.emit('publish', { n: 1 });
        expect(await answer).toMatchObject({
          event: 'exception',
          data: { error: 'insufficient_scope', scope: 'events:write' },
        });
      } finally {
        reader.disconnect();
      }
    });
  });
});
