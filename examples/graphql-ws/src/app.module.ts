import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { AuthModule } from '@scalekit-nest/auth';
import { EventsModule } from './events/events.module';
import { ProjectsResolver } from './projects/projects.resolver';

/**
 * The GraphQL context is what the guard reads: Apollo's `{ req }` for queries and mutations, the
 * graphql-ws context (with `connectionParams`) for subscriptions. Passing both through as they
 * come is all the app has to do.
 */
@Module({
  imports: [
    AuthModule.forRootAsync({
      useFactory: () => ({
        issuer: process.env.AUTH_ISSUER ?? 'https://example.scalekit.dev',
        audiences: [process.env.AUTH_AUDIENCE ?? 'https://api.example.com'],
      }),
    }),
    GraphQLModule.forRoot<ApolloDriverConfig>({
      driver: ApolloDriver,
      autoSchemaFile: true,
      subscriptions: { 'graphql-ws': true },
      context: (context: object) => context,
    }),
    EventsModule,
  ],
  providers: [ProjectsResolver],
})
export class AppModule {}
