import { INestApplication, Logger } from '@nestjs/common';
import { WsAdapter } from '@nestjs/platform-ws';
import { Test } from '@nestjs/testing';
import { AuthModule } from '@scalekit-nest/auth';
import { TestIssuer } from '@scalekit-nest/auth/testing';
import WebSocket from 'ws';
import { EventsModule } from '../src/events/events.module';

type Frame = { event: string; data: unknown };

/** The same gateway on the `ws` adapter, in an app that configures the AuthModule itself. */
describe('a gateway on the ws adapter', () => {
  let issuer: TestIssuer;
  let app: INestApplication;
  let url: string;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    issuer = await TestIssuer.start();
    const moduleRef = await Test.createTestingModule({
      imports: [AuthModule.forRoot(issuer.authOptions()), EventsModule],
    }).compile();
    app = moduleRef.createNestApplication();
    app.useWebSocketAdapter(new WsAdapter(app));
    await app.listen(0, '127.0.0.1');
    url = `${(await app.getUrl()).replace('http', 'ws').replace('[::1]', '127.0.0.1')}/events`;
  });
  afterAll(async () => {
    await app.close();
    await issuer.stop();
  });

  const open = (
    authorization?: string,
  ): Promise<{ socket: WebSocket; next: () => Promise<Frame> }> =>
    new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { headers: authorization ? { authorization } : {} });
      const frames: Frame[] = [];
      const waiting: ((frame: Frame) => void)[] = [];
      socket.on('message', (raw: Buffer) => {
        const frame = JSON.parse(raw.toString()) as Frame;
        const waiter = waiting.shift();
        if (waiter) waiter(frame);
        else frames.push(frame);
      });
      const next = () =>
        new Promise<Frame>((done) => {
          const frame = frames.shift();
          if (frame) done(frame);
          else waiting.push(done);
        });
      socket.once('open', () => resolve({ socket, next }));
      socket.once('error', reject);
    });
  const send = (socket: WebSocket, event: string, data: unknown = {}) =>
    socket.send(JSON.stringify({ event, data }));

  it('reads the handshake Authorization header once, then answers each message', async () => {
    const token = await issuer.mintClient({ clientId: 'm2morg_ws', scopes: ['events:read'] });
    const { socket, next } = await open(`Bearer ${token}`);
    try {
      send(socket, 'whoami');
      expect(await next()).toEqual({ event: 'whoami', data: { subject: 'm2morg_ws' } });
      send(socket, 'publish', { n: 1 });
      expect(await next()).toMatchObject({
        event: 'exception',
        data: { status: 'error', error: 'insufficient_scope', scope: 'events:write' },
      });
    } finally {
      socket.close();
    }
  });

  it('refuses anonymous sockets and bad tokens on guarded messages, not on public ones', async () => {
    const anonymous = await open();
    try {
      send(anonymous.socket, 'ping');
      expect(await anonymous.next()).toEqual({ event: 'pong', data: 'pong' });
      send(anonymous.socket, 'whoami');
      expect(await anonymous.next()).toMatchObject({
        event: 'exception',
        data: { error: 'missing_credentials' },
      });
    } finally {
      anonymous.socket.close();
    }
    const forged = await open('Bearer not.a.jwt');
    try {
      send(forged.socket, 'whoami');
      expect(await forged.next()).toMatchObject({
        event: 'exception',
        data: { error: 'invalid_token' },
      });
    } finally {
      forged.socket.close();
    }
  });

  it('refuses further messages once the token expired on the open connection', async () => {
    const token = await issuer.mintClient({ scopes: ['events:read'] }, { expiresIn: 60 });
    const { socket, next } = await open(`Bearer ${token}`);
    try {
      send(socket, 'whoami');
      expect(await next()).toMatchObject({ event: 'whoami' });
      // The app runs in this process: its clock jumps past the token's exp.
      const now = Date.now();
      const later = jest.spyOn(Date, 'now').mockReturnValue(now + 61_000);
      try {
        send(socket, 'whoami');
        expect(await next()).toEqual({
          event: 'exception',
          data: { status: 'error', error: 'invalid_token', message: 'The access token expired' },
        });
      } finally {
        later.mockRestore();
      }
    } finally {
      socket.close();
    }
  });
});
