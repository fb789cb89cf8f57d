import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { AdminValidationError } from '../errors/validation-problems';

/**
 * Validates a handler argument against the Standard Schema (zod) given in its decorator, e.g.
 * `@Body({ schema: CreateClientSchema })`, and returns the parsed value. Nest's own
 * `StandardSchemaValidationPipe` flattens issues to strings; this one keeps each problem's field
 * (`scopes[2]`, or the path parameter's name) for the `details` of CONTRACTS.md.
 *
 * Runs before the handler, hence before any upstream call: a malformed path id never reaches Scalekit.
 */
@Injectable()
export class SchemaValidationPipe implements PipeTransform<unknown, Promise<unknown>> {
  async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const schema = metadata.schema;
    if (!schema || metadata.type === 'custom') return value;
    const result = await schema['~standard'].validate(value);
    if (result.issues) throw AdminValidationError.fromIssues(result.issues, rootName(metadata));
    return result.value;
  }
}

function rootName(metadata: ArgumentMetadata): string {
  if (metadata.type === 'param' && metadata.data) return metadata.data;
  if (metadata.type === 'query') return metadata.data ?? '(query)';
  return '(body)';
}
