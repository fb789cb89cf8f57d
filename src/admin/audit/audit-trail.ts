import { HttpException, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { requestIdOf } from '../../common/http-answer';
import { getPrincipal } from '@scalekit-nest/auth';
import { AuditAction, auditActor, auditOutcome } from './audit-event';
import { AuditLogger } from './audit.logger';

export interface AuditFacts {
  readonly status: number;
  readonly error?: string;
  readonly clientId?: string;
  readonly secretId?: string;
  readonly replayed?: boolean;
  /** The organization changed, where the path does not name it (the console: the viewer's own). */
  readonly organizationId?: string;
}

/**
 * Picks the ids a creating handler returned, never anything else: `client.clientId` and, for a
 * new client, the id of the secret created with it (`client.secrets[0].id`); `secret.id` for an
 * added secret.
 */
export function createdIds(result: unknown): Pick<AuditFacts, 'clientId' | 'secretId'> {
  if (typeof result !== 'object' || result === null) return {};
  const { client, secret } = result as {
    client?: { clientId?: unknown; secrets?: unknown };
    secret?: { id?: unknown };
  };
  const first: unknown = Array.isArray(client?.secrets) ? client.secrets[0] : undefined;
  const firstId =
    typeof first === 'object' && first !== null ? (first as { id?: unknown }).id : undefined;
  const secretId = secret?.id ?? firstId;
  return {
    clientId: typeof client?.clientId === 'string' ? client.clientId : undefined,
    secretId: typeof secretId === 'string' ? secretId : undefined,
  };
}

/** The stable code of a refused or failed change: the admin error's `error`, else `http_<status>`. */
export function errorCode(error: unknown): string {
  if (!(error instanceof HttpException)) return 'internal_error';
  const body = error.getResponse();
  return typeof body === 'object' && body !== null && 'error' in body
    ? String(body.error)
    : `http_${error.getStatus()}`;
}

function param(request: FastifyRequest, name: string): string | null {
  const value: unknown = (request.params as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : null;
}

/** Builds an audit event from what the request says (who, which organization, which ids) plus the outcome. */
@Injectable()
export class AuditTrail {
  constructor(private readonly audit: AuditLogger) {}

  record(request: FastifyRequest, action: AuditAction, facts: AuditFacts): void {
    this.audit.record({
      action,
      outcome: auditOutcome(facts.status),
      actor: auditActor(getPrincipal(request)),
      organizationId: facts.organizationId ?? param(request, 'organizationId') ?? '',
      clientId: facts.clientId ?? param(request, 'clientId'),
      secretId: facts.secretId ?? param(request, 'secretId'),
      status: facts.status,
      error: facts.error ?? null,
      requestId: requestIdOf(request),
      replayed: facts.replayed ?? false,
    });
  }
}
