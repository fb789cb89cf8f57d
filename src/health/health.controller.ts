import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheck, HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import { Public } from '@scalekit-nest/auth';
import { JwksHealthIndicator } from './jwks.health-indicator';

/** Liveness and readiness probes; public, and kept out of the access log (see LoggingModule). */
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly jwks: JwksHealthIndicator,
  ) {}

  /** The process is up and serving HTTP. */
  @Get('live')
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  /** Bearer tokens can be verified: the issuer's key set is loaded. */
  @Get('ready')
  @HealthCheck()
  async ready(): Promise<HealthCheckResult> {
    try {
      return await this.health.check([() => this.jwks.check('jwks')]);
    } catch (error: unknown) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      // Terminus' body has no `message`; give it the app's error shape and keep the details.
      const result = error.getResponse() as HealthCheckResult;
      throw new ServiceUnavailableException({
        error: 'not_ready',
        message: 'The service is not ready',
        checks: result.details,
      });
    }
  }
}
