import { Code, ConnectError } from '@connectrpc/connect';
import { ScalekitServerException } from '@scalekit-sdk/node';
import { inspect } from 'node:util';
import { SdkFailure, toScalekitError } from './sdk-error.mapper';

const grpc = (code: Code, message = 'x') =>
  ScalekitServerException.promote(new ConnectError(message, code));
const http = (status: number | undefined, data?: unknown, code?: string) => ({
  isAxiosError: true as const,
  code,
  response: status === undefined ? undefined : { status, data },
});

describe('toScalekitError', () => {
  it.each([
    [Code.NotFound, 'not_found'],
    [Code.InvalidArgument, 'invalid_argument'],
    [Code.FailedPrecondition, 'invalid_argument'],
    [Code.AlreadyExists, 'invalid_argument'],
    [Code.Unauthenticated, 'unauthenticated'],
    [Code.PermissionDenied, 'permission_denied'],
    [Code.Unavailable, 'unavailable'],
    [Code.DeadlineExceeded, 'timeout'],
    [Code.Internal, 'unknown'],
  ])('maps gRPC code %s to %s', (code, kind) => {
    expect(toScalekitError(grpc(code), 'management').kind).toBe(kind);
  });

  it("reads the SDK's complaints about a token response as invalid_response, not an outage", () => {
    const noIdToken = Object.assign(new Error('JWTs must use Compact JWS serialization'), {
      code: 'ERR_JWT_INVALID',
    });
    expect(toScalekitError(noIdToken, 'grant').kind).toBe('invalid_response');
    expect(
      toScalekitError(new Error('Missing access_token in authentication response'), 'grant').kind,
    ).toBe('invalid_response');
    expect(toScalekitError(new Error('something else'), 'grant').kind).toBe('unknown');
  });

  it('treats a refused connection as unavailable whatever code connect-node gave it', () => {
    expect(
      toScalekitError(grpc(Code.Internal, 'Error: connect ECONNREFUSED 127.0.0.1:1'), 'management')
        .kind,
    ).toBe('unavailable');
  });

  it('maps token-endpoint answers by call kind', () => {
    expect(toScalekitError(http(400, { error: 'invalid_grant' }), 'grant')).toMatchObject({
      kind: 'invalid_grant',
      oauthError: 'invalid_grant',
    });
    expect(toScalekitError(http(401, { error: 'invalid_client' }), 'grant').kind).toBe(
      'unauthenticated',
    );
    expect(toScalekitError(http(400, { error: 'invalid_request' }), 'management').kind).toBe(
      'unauthenticated',
    );
    expect(toScalekitError(http(503), 'grant').kind).toBe('unavailable');
    expect(toScalekitError(http(undefined, undefined, 'ECONNABORTED'), 'grant').kind).toBe(
      'timeout',
    );
    expect(toScalekitError(http(undefined, undefined, 'ECONNREFUSED'), 'grant').kind).toBe(
      'unavailable',
    );
  });

  it('keeps a hostile OAuth error code out of the error', () => {
    expect(toScalekitError(http(400, { error: '<script>' }), 'grant')).toMatchObject({
      oauthError: 'invalid_grant',
    });
  });

  it('reads the status back from the SDK refresh error message', () => {
    const refresh = (m: string) =>
      toScalekitError(new Error(`Failed to refresh token: ${m}`), 'grant').kind;
    expect(refresh('Request failed with status code 400')).toBe('invalid_grant');
    expect(refresh('Request failed with status code 401')).toBe('unauthenticated');
    expect(refresh('Request failed with status code 502')).toBe('unavailable');
    expect(refresh('timeout of 500ms exceeded')).toBe('timeout');
    expect(refresh('connect ECONNREFUSED 127.0.0.1:9')).toBe('unavailable');
  });

  it('keeps a summary of the SDK error as cause and says nothing of it in the message', () => {
    const sdkError = grpc(Code.NotFound, 'client m2morg_1 not found');
    const mapped = toScalekitError(sdkError, 'management');
    expect(mapped.cause).toBeInstanceOf(SdkFailure);
    expect(mapped.cause).not.toBe(sdkError);
    expect((mapped.cause as Error).message).toBe('gRPC NotFound: client m2morg_1 not found');
    expect(mapped.message).not.toContain('m2morg_1');
    expect(toScalekitError('weird', 'management').kind).toBe('unknown');
  });

  it('never keeps the failed request (it holds our client secret) in the cause chain', () => {
    const axiosLike = {
      ...http(400, { error: 'invalid_grant' }),
      message: 'Request failed with status code 400',
      config: { data: 'grant_type=authorization_code&code=c0de&client_secret=s3cr3t' },
    };
    const mapped = toScalekitError(axiosLike, 'grant');
    expect(inspect(mapped, { depth: Infinity })).not.toMatch(/s3cr3t|c0de/);
    expect((mapped.cause as Error).message).toBe('token endpoint: status 400');
  });
});
