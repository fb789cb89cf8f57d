import type { FastifyReply, FastifyRequest } from 'fastify';
import pino from 'pino';
import { AccessLog } from './access-log';

const bindings = { pid: 4242, hostname: 'api-1', service: 'log-test' };

function requestOf(url: string, headers: Record<string, string> = {}): FastifyRequest {
  return {
    url,
    headers,
    id: 'req-1',
    method: 'GET',
    ip: '127.0.0.1',
  } as unknown as FastifyRequest;
}

const reply = { statusCode: 200, elapsedTime: 1.2345 } as unknown as FastifyReply;

class Lines {
  readonly written: string[] = [];
  write(line: string): void {
    this.written.push(line);
  }
}

describe('AccessLog', () => {
  it('writes the line pino would: same level, time, bindings and message, one JSON line', () => {
    const log = new AccessLog(new Lines(), bindings, true);
    const line = log.lineFor(requestOf('/api/status', { 'user-agent': 'probe/1.0' }), reply, 1000);
    expect(line.endsWith('}\n')).toBe(true);
    expect(line.indexOf('\n')).toBe(line.length - 1);

    const viaPino = new Lines();
    pino({ base: bindings, timestamp: () => ',"time":1000' }, viaPino).info(
      {
        reqId: 'req-1',
        req: {
          method: 'GET',
          path: '/api/status',
          remoteAddress: '127.0.0.1',
          userAgent: 'probe/1.0',
        },
        res: { statusCode: 200 },
        responseTime: 1.2,
      },
      'request completed',
    );
    expect(line).toBe(viaPino.written[0]);
  });

  it('leaves out the query string (it can carry an OAuth code) and every header but the user agent', () => {
    const log = new AccessLog(new Lines(), bindings, true);
    const line = log.lineFor(
      requestOf('/auth/callback?code=secret-code&state=s', {
        authorization: 'Bearer secret-token',
        cookie: 'app_session=secret-cookie',
      }),
      reply,
    );
    expect(JSON.parse(line).req).toEqual({
      method: 'GET',
      path: '/auth/callback',
      remoteAddress: '127.0.0.1',
    });
    for (const secret of ['secret-code', 'secret-token', 'secret-cookie'])
      expect(line).not.toContain(secret);
  });

  it('keeps hostile paths and user agents inside their fields', () => {
    const log = new AccessLog(new Lines(), bindings, true);
    const hostile = 'x","level":60,"msg":"forged"}\n{"level":60,"\u0000\u2028';
    const parsed = JSON.parse(
      log.lineFor(requestOf(`/a"b\\c`, { 'user-agent': hostile }), reply),
    ) as { level: number; msg: string; req: { path: string; userAgent: string } };
    expect(parsed.level).toBe(30);
    expect(parsed.msg).toBe('request completed');
    expect(parsed.req.path).toBe('/a"b\\c');
    expect(parsed.req.userAgent).toBe(hostile);
  });

  it('writes one line per request through its hook, none for health probes or above info', () => {
    const lines = new Lines();
    const done = jest.fn();
    new AccessLog(lines, bindings, true).hook(requestOf('/api/status'), reply, done);
    new AccessLog(lines, bindings, true).hook(requestOf('/health/live'), reply, done);
    new AccessLog(lines, bindings, false).hook(requestOf('/api/status'), reply, done);
    expect(lines.written).toHaveLength(1);
    expect(done).toHaveBeenCalledTimes(3);
  });
});
