import {
  ArgumentsHost,
  BadRequestException,
  HttpException,
  Logger,
  NotFoundException,
} from '@nestjs/common';
import { AppExceptionFilter } from './app-exception.filter';

interface Captured {
  status?: number;
  body?: unknown;
  headers: Record<string, string>;
}

function hostFor(captured: Captured, request: object = { id: 'req-1' }): ArgumentsHost {
  const response = {
    headersSent: false,
    getHeader: () => undefined,
    set: (headers: Record<string, string>) => Object.assign(captured.headers, headers),
    status(code: number) {
      captured.status = code;
      return this;
    },
    json: (body: unknown) => (captured.body = body),
    end: jest.fn(),
  };
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
      headers: {},
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
    expect(render(exception).headers).toEqual({ 'WWW-Authenticate': 'Bearer realm="api"' });
  });

  it('answers 500 in the error shape when a header the exception asks for cannot be sent', () => {
    const captured: Captured = { headers: {} };
    const host = hostFor(captured);
    const response = host.switchToHttp().getResponse<{ set: unknown; removeHeader: unknown }>();
    // What Node's setHeader does with a value holding CR/LF.
    response.set = (headers: Record<string, string>) => {
      Object.assign(captured.headers, headers);
      throw Object.assign(new TypeError('Invalid character in header content'), {
        code: 'ERR_INVALID_CHAR',
      });
    };
    response.removeHeader = (name: string) => delete captured.headers[name];
    const exception = Object.assign(new HttpException({ error: 'x', message: 'y' }, 401), {
      responseHeaders: () => ({ 'WWW-Authenticate': 'Bearer realm="a\r\nSet-Cookie: s=1"' }),
    });
    filter.catch(exception, host);
    expect(captured).toEqual({
      status: 500,
      body: { error: 'internal_error', message: 'Internal error', requestId: 'req-1' },
      headers: {},
    });
    expect(errorLog).toHaveBeenCalled();
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

  it('treats exposed http-errors (body parser) as client errors', () => {
    const parseError = Object.assign(new SyntaxError('Unexpected end'), {
      status: 400,
      expose: true,
    });
    expect(render(parseError)).toMatchObject({ status: 400, body: { error: 'bad_request' } });
    const tooLarge = Object.assign(new Error('too large'), { status: 413, expose: true });
    expect(render(tooLarge)).toMatchObject({ status: 413, body: { error: 'payload_too_large' } });
  });

  it('makes up a request id when none is known', () => {
    const out = render(new NotFoundException(), {});
    expect((out.body as { requestId: string }).requestId).toMatch(/^[0-9a-f-]{36}$/);
  });
});
