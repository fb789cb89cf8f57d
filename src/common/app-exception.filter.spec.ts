import {
  ArgumentsHost,
  BadRequestException,
  HttpException,
  Logger,
  NotFoundException,
} from '@nestjs/common';
import { AppExceptionFilter } from './app-exception.filter';
import { NO_STORE_HEADERS } from './no-store.interceptor';

interface Captured {
  status?: number;
  body?: unknown;
  headers: Record<string, string>;
}

/** The part of a Fastify reply the filter uses. */
function replyFor(captured: Captured): object {
  return {
    sent: false,
    raw: { headersSent: false, end: jest.fn() },
    headers(headers: Record<string, string>) {
      Object.assign(captured.headers, headers);
      return this;
    },
    code(code: number) {
      captured.status = code;
      return this;
    },
    type() {
      return this;
    },
    send: (body: unknown) => (captured.body = body),
  };
}

function hostFor(
  captured: Captured,
  request: object = { id: 'req-1' },
  response: object = replyFor(captured),
): ArgumentsHost {
  return {
    getType: () => 'http',
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => response }),
  } as unknown as ArgumentsHost;
}

describe('AppExceptionFilter', () => {
  const filter = new AppExceptionFilter();
  const render = (exception: unknown, request?: object): Captured => {
    const captured: Captured = { headers: {} };
    filter.catch(exception, hostFor(captured, request));
    return captured;
  };
  let errorLog: jest.SpyInstance;

  beforeEach(() => {
    errorLog = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('renders a shaped HttpException as given, with the request id and extra fields', () => {
    const details = [{ field: 'scopes[2]', problem: 'unknown scope' }];
    const out = render(
      new HttpException({ error: 'validation_failed', message: 'Invalid body', details }, 422),
    );
    expect(out).toEqual({
      status: 422,
      body: { error: 'validation_failed', message: 'Invalid body', details, requestId: 'req-1' },
      headers: NO_STORE_HEADERS,
    });
  });

  it("derives a code for Nest's built-in exceptions and keeps a plain message", () => {
    expect(render(new NotFoundException('Cannot GET /x')).body).toEqual({
      error: 'not_found',
      message: 'Cannot GET /x',
      requestId: 'req-1',
    });
    expect(render(new BadRequestException(['a must be a string'])).body).toEqual({
      error: 'bad_request',
      message: 'The request is invalid',
      requestId: 'req-1',
    });
    expect(render(new HttpException('teapot', 418)).body).toEqual({
      error: 'bad_request',
      message: 'teapot',
      requestId: 'req-1',
    });
  });

  it('sets headers an exception asks for', () => {
    const exception = Object.assign(new HttpException({ error: 'x', message: 'y' }, 401), {
      responseHeaders: () => ({ 'WWW-Authenticate': 'Bearer realm="api"' }),
    });
    expect(render(exception).headers).toEqual({
      ...NO_STORE_HEADERS,
      'WWW-Authenticate': 'Bearer realm="api"',
    });
  });

  it('answers 500 in the error shape when a header the exception asks for cannot be sent', () => {
    const captured: Captured = { headers: {} };
    // A value with CR/LF: Node would refuse it when writing the head; nothing of it is sent.
    const exception = Object.assign(new HttpException({ error: 'x', message: 'y' }, 401), {
      responseHeaders: () => ({ 'WWW-Authenticate': 'Bearer realm="a\r\nSet-Cookie: s=1"' }),
    });
    filter.catch(exception, hostFor(captured));
    expect(captured).toEqual({
      status: 500,
      body: { error: 'internal_error', message: 'Internal error', requestId: 'req-1' },
      headers: NO_STORE_HEADERS,
    });
    expect(errorLog).toHaveBeenCalled();
  });

  it('answers on the raw response an error thrown by a middleware arrives with', () => {
    const written: { status?: number; headers: Record<string, unknown>; body?: string } = {
      headers: {},
    };
    const raw = {
      headersSent: false,
      set statusCode(code: number) {
        written.status = code;
      },
      setHeader: (name: string, value: unknown) => (written.headers[name] = value),
      end: (body: string) => (written.body = body),
    };
    filter.catch(new NotFoundException(), hostFor({ headers: {} }, { id: 'req-2' }, raw));
    expect(written.status).toBe(404);
    expect(written.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(written.body ?? '')).toEqual({
      error: 'not_found',
      message: 'Not Found',
      requestId: 'req-2',
    });
  });

  it('answers 500 internal_error to unknown errors, logging the stack but never sending it', () => {
    const out = render(new Error('db password is hunter2'));
    expect(out).toMatchObject({
      status: 500,
      body: { error: 'internal_error', message: 'Internal error', requestId: 'req-1' },
    });
    expect(JSON.stringify(out.body)).not.toContain('hunter2');
    expect(errorLog).toHaveBeenCalledWith(
      expect.stringContaining('req-1'),
      expect.stringContaining('hunter2'),
    );
    expect(render('a string').status).toBe(500);
  });

  it('keeps 5xx HttpException messages out of the body', () => {
    expect(render(new HttpException('upstream said: secret', 502)).body).toEqual({
      error: 'bad_gateway',
      message: 'Bad gateway',
      requestId: 'req-1',
    });
  });

  it("treats Fastify's own refusals as client errors, without their message", () => {
    const tooLarge = Object.assign(new Error('Request body is too large'), {
      code: 'FST_ERR_CTP_BODY_TOO_LARGE',
      statusCode: 413,
    });
    expect(render(tooLarge)).toMatchObject({ status: 413, body: { error: 'payload_too_large' } });
    const badUrl = Object.assign(new Error("'/%FF' is not a valid url component"), {
      code: 'FST_ERR_BAD_URL',
      statusCode: 400,
    });
    expect(render(badUrl)).toMatchObject({ status: 400, body: { error: 'malformed_url' } });
    // A 5xx or a code not of Fastify's is not the client's fault.
    const other = Object.assign(new Error('x'), { code: 'ECONNRESET', statusCode: 400 });
    expect(render(other).status).toBe(500);
  });

  it('makes up a request id when none is known', () => {
    const out = render(new NotFoundException(), {});
    expect((out.body as { requestId: string }).requestId).toMatch(/^[0-9a-f]{12}-[0-9a-z]+$/);
  });
});
