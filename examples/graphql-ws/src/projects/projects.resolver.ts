import {
  Args,
  Field,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Subscription,
} from '@nestjs/graphql';
import { AnyScope, CurrentPrincipal, Principal, Public, Scopes } from '@scalekit-nest/auth';

@ObjectType()
export class Project {
  @Field()
  name!: string;

  @Field()
  owner!: string;
}

/**
 * Queries and mutations are judged by the bearer token of their HTTP request; the subscription by
 * the `authorization` connection parameter of its graphql-ws connection.
 */
@Resolver(() => Project)
export class ProjectsResolver {
  private readonly projects: Project[] = [{ name: 'apollo', owner: 'usr_100' }];

  @Public()
  @Query(() => String)
  health(): string {
    return 'ok';
  }

  @AnyScope('projects:read', 'projects:admin')
  @Query(() => [Project])
  projectList(): Project[] {
    return this.projects;
  }

  @Scopes('projects:write')
  @Mutation(() => Project)
  createProject(@Args('name') name: string, @CurrentPrincipal() principal: Principal): Project {
    const project = { name, owner: principal.subject };
    this.projects.push(project);
    return project;
  }

  @Scopes('projects:read')
  @Subscription(() => Int, { resolve: (value: number) => value })
  countdown(@Args('from', { type: () => Int }) from: number): AsyncIterableIterator<number> {
    return countdown(Math.min(Math.max(from, 0), 10));
  }
}

async function* countdown(from: number): AsyncIterableIterator<number> {
  for (let n = from; n >= 0; n--) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    yield n;
  }
}
