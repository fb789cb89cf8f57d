import { Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { MercuriusDriver, MercuriusDriverConfig } from '@nestjs/mercurius';
import { AuthModule } from '@scalekit-nest/auth';
import { CatalogController } from './catalog.controller';
import { DeploymentsController, StatusController } from './deployments.controller';
import { DeploymentsResolver } from './deployments.resolver';

/**
 * A consumer app: the AuthModule guards every route and resolver (global guard), options come
 * from the environment. Nothing else is needed for 401/403 and their headers on Fastify.
 */
@Module({
  imports: [
    AuthModule.forRootAsync({
      useFactory: () => ({
        issuer: process.env.AUTH_ISSUER ?? 'https://example.scalekit.dev',
        audiences: [process.env.AUTH_AUDIENCE ?? 'https://api.example.com'],
      }),
    }),
    GraphQLModule.forRoot<MercuriusDriverConfig>({
      driver: MercuriusDriver,
      autoSchemaFile: true,
      graphiql: false,
    }),
  ],
  controllers: [StatusController, DeploymentsController, CatalogController],
  providers: [DeploymentsResolver],
})
export class AppModule {}
