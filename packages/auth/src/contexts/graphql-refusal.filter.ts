import { Catch, ExceptionFilter } from '@nestjs/common';
import { GraphqlRefusal } from './graphql.context';

/**
 * Hands the guard's GraphQL refusals to the GraphQL driver untouched. Without it they would
 * reach Nest's default handler for non-HTTP contexts, which logs every error that is not an
 * HttpException at ERROR level with its stack: one alarming line per unauthenticated query.
 * It catches only those refusals (registered as `APP_FILTER`), so the host app's filters see
 * everything else as before; a host's own catch-all filter still takes precedence.
 */
@Catch(GraphqlRefusal)
export class GraphqlRefusalFilter implements ExceptionFilter {
  catch(refusal: unknown): never {
    // Rethrown, not returned: a filter that returns nothing counts as "not handled" for Nest.
    throw refusal;
  }
}
