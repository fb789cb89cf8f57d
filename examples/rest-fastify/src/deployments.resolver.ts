import { Args, Field, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal, Principal, Public, Scopes } from '@scalekit-nest/auth';

@ObjectType()
export class Deployment {
  @Field()
  version!: string;

  @Field({ nullable: true })
  requestedBy?: string;
}

/** The same rules on GraphQL (Mercurius): the token of the HTTP request carrying the operation. */
@Resolver(() => Deployment)
export class DeploymentsResolver {
  @Public()
  @Query(() => String)
  version(): string {
    return '1.0.0';
  }

  @Scopes('read:deployments')
  @Query(() => [Deployment])
  deployments(@CurrentPrincipal() principal: Principal): Deployment[] {
    return [{ version: 'api-2026-12-01', requestedBy: principal.subject }];
  }

  @Scopes('deploy:applications')
  @Mutation(() => Deployment)
  deploy(@Args('version') version: string, @CurrentPrincipal() principal: Principal): Deployment {
    return { version, requestedBy: principal.subject };
  }
}
