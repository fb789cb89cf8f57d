import { Logger } from '@nestjs/common';
import {
  ScalekitError,
  ScalekitInvalidArgumentError,
  ScalekitNotConfiguredError,
  ScalekitNotFoundError,
  ScalekitPermissionDeniedError,
  ScalekitTimeoutError,
  ScalekitUnauthenticatedError,
  ScalekitUnavailableError,
  ScalekitUnknownError,
} from '../../scalekit/scalekit.errors';
import { AdminHttpError } from './admin-http.error';
import { toAdminHttpError } from './upstream-error.mapper';

describe('toAdminHttpError', () => {
  const logger = new Logger('test');
  let error: jest.SpyInstance;
  beforeEach(() => {
    error = jest.spyOn(logger, 'error').mockImplementation(() => undefined);
    jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
    jest.spyOn(logger, 'debug').mockImplementation(() => undefined);
  });

  it.each<[ScalekitError, number]>([
    [new ScalekitNotFoundError('x'), 404],
    [new ScalekitInvalidArgumentError('x'), 400],
    [new ScalekitUnauthenticatedError('x'), 502],
    [new ScalekitPermissionDeniedError('x'), 502],
    [new ScalekitUnavailableError('x'), 503],
    [new ScalekitTimeoutError('x'), 504],
    [new ScalekitNotConfiguredError('x'), 503],
    [new ScalekitUnknownError('x'), 502],
  ])('%s -> %d, no upstream text in the body', (upstream, status) => {
    const mapped = toAdminHttpError(upstream, logger, 'op');
    expect(mapped).toBeInstanceOf(AdminHttpError);
    expect((mapped as AdminHttpError).getStatus()).toBe(status);
    expect(JSON.stringify((mapped as AdminHttpError).getResponse())).not.toContain(upstream.name);
  });

  it('logs our own refused credentials at error level', () => {
    toAdminHttpError(new ScalekitUnauthenticatedError('invalid client'), logger, 'createClient');
    expect(error).toHaveBeenCalledWith(
      expect.stringContaining('createClient: Scalekit unauthenticated'),
    );
  });

  it('passes other errors through', () => {
    const other = new Error('x');
    expect(toAdminHttpError(other, logger, 'op')).toBe(other);
  });
});
