import { Injectable } from '@nestjs/common';
import type { CredentialSource } from './credential-source';

/**
 * The credential sources the global guard asks, in registration order, when a request has no
 * `Authorization` header. A feature registers its source once, typically in `onModuleInit`:
 *
 * ```ts
 * constructor(private readonly registry: CredentialSourceRegistry, private readonly source: SessionCredentialSource) {}
 * onModuleInit(): void { this.registry.register(this.source); }
 * ```
 */
@Injectable()
export class CredentialSourceRegistry {
  private readonly sources: CredentialSource[] = [];

  register(source: CredentialSource): void {
    if (!this.sources.includes(source)) this.sources.push(source);
  }

  /** The registered sources, in the order they are asked. */
  list(): readonly CredentialSource[] {
    return this.sources;
  }
}
