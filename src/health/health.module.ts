import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { CommonModule } from '../common';
import { HealthController } from './health.controller';
import { JwksHealthIndicator } from './jwks.health-indicator';

/**
 * `GET /health/live` and `GET /health/ready`. Also brings in {@link CommonModule}: HealthModule
 * is imported early in AppModule, which puts the catch-all error filter before feature filters.
 */
@Module({
  imports: [CommonModule, TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController],
  providers: [JwksHealthIndicator],
})
export class HealthModule {}
