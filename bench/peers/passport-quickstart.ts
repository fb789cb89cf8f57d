/**
 * A peer: the usual NestJS quickstart for Auth0/Scalekit-style APIs (Express, `@nestjs/passport`,
 * passport-jwt with jwks-rsa's `passportJwtSecret`), verifying the same tokens as the service
 * (issuer, audience, RS256, key set of the issuer). Run by bench/run.ts.
 */
import 'reflect-metadata';
import { Controller, Get, Injectable, Module, UseGuards } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AuthGuard, PassportModule, PassportStrategy } from '@nestjs/passport';
import { passportJwtSecret } from 'jwks-rsa';
import { ExtractJwt, Strategy } from 'passport-jwt';

@Injectable()
class JwtStrategy extends PassportStrategy(Strategy) {
  constructor() {
    super({
      secretOrKeyProvider: passportJwtSecret({
        cache: true,
        rateLimit: true,
        jwksRequestsPerMinute: 5,
        jwksUri: process.env.PEER_JWKS_URI ?? '',
      }),
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      audience: process.env.PEER_AUDIENCE,
      issuer: process.env.PEER_ISSUER,
      algorithms: ['RS256'],
    });
  }

  validate(payload: object): object {
    return payload;
  }
}

@Controller()
class DeploymentsController {
  @Get('api/deployments')
  @UseGuards(AuthGuard('jwt'))
  list(): object {
    return { deployments: [] };
  }

  @Get('health/live')
  live(): object {
    return { status: 'ok' };
  }
}

@Module({
  imports: [PassportModule],
  controllers: [DeploymentsController],
  providers: [JwtStrategy],
})
class QuickstartModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create(QuickstartModule, { logger: false });
  await app.listen(Number(process.env.PORT), '127.0.0.1');
}

void main();
