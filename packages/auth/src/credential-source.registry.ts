import { Injectable } from '@nestjs/common';
import type { CredentialReader } from './contexts/auth-call';
import type { CredentialSource } from './credential-source';

/**
 * How the guard finds credentials beyond the bearer token of HTTP, GraphQL and WebSocket calls.
 *
 * - Credential sources: asked in registration order when an HTTP request has no
 *   `Authorization` header (a session cookie is one). Register once, typically in `onModuleInit`:
 *   ```ts
 *   constructor(private readonly registry: CredentialSourceRegistry, private readonly source: SessionCredentialSource) {}
 *   onModuleInit(): void { this.registry.register(this.source); }
 *   ```
 * - Credential readers: how the bearer credential of one kind of execution context is read.
 *   RPC (`@nestjs/microservices`) has none built in, so its calls are denied until the app
 *   registers one with {@link registerReader}.
 */
@Injectable()
export class CredentialSourceRegistry {
  private readonly sources: CredentialSource[] = [];
  private readonly readerByType = new Map<string, CredentialReader>();

  register(source: CredentialSource): void {
    if (!this.sources.includes(source)) this.sources.push(source);
  }

  /** The registered sources, in the order they are asked. */
  list(): readonly CredentialSource[] {
    return this.sources;
  }

  /**
   * Reads credentials of calls whose `context.getType()` is `type` (`'rpc'`, or a built-in type
   * to replace how it is read). One reader per type; a second registration replaces the first.
   */
  registerReader(type: string, reader: CredentialReader): void {
    this.readerByType.set(type, reader);
  }

  /** The registered readers, by context type. */
  readers(): ReadonlyMap<string, CredentialReader> {
    return this.readerByType;
  }
}
