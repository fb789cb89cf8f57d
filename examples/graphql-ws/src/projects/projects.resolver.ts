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
import { EventEmitter, on } from 'node:events';
import { UseInterceptors } from '@nestjs/common';
import {
  AnyScope,
  CurrentPrincipal,
  Principal,
  Public,
  Scopes,
  SubscriptionExpiry,
} from '@scalekit-nest/auth';

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
// Subscriptions end when their token expires (the guard only sees them start).
@UseInterceptors(SubscriptionExpiry)
export class ProjectsResolver {
  private readonly projects: Project[] = [{ name: 'apollo', owner: 'usr_100' }];
  private readonly created = new EventEmitter();

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
    this.created.emit('project', project);
    return project;
  }

  @Scopes('projects:read')
  @Subscription(() => Int, { resolve: (value: number) => value })
  countdown(@Args('from', { type: () => Int }) from: number): AsyncIterableIterator<number> {
    return countdown(Math.min(Math.max(from, 0), 10));
  }

  /** Every project created from now on: a stream that can stay idle for a long time. */
  @Scopes('projects:read')
  @Subscription(() => Project, { resolve: (project: Project) => project })
  projectCreated(): AsyncIterableIterator<Project> {
    return projectsFrom(on(this.created, 'project'));
  }
}

/** The emitter's `project` events as projects; `return()` goes straight to `on()`, which unsubscribes. */
function projectsFrom(events: AsyncIterableIterator<unknown[]>): AsyncIterableIterator<Project> {
  return {
    next: async () => {
      const event = await events.next();
      return event.done ? event : { done: false, value: event.value[0] as Project };
    },
    return: async () => {
      await events.return?.();
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

async function* countdown(from: number): AsyncIterableIterator<number> {
  for (let n = from; n >= 0; n--) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    yield n;
  }
}
