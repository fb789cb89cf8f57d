import { Injectable } from '@nestjs/common';
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
      organizationId: param(request, 'organizationId') ?? '',
      clientId: facts.clientId ?? param(request, 'clientId'),
      secretId: facts.secretId ?? param(request, 'secretId'),
      status: facts.status,
      error: facts.error ?? null,
      requestId: requestIdOf(request),
      replayed: facts.replayed ?? false,
    });
  }
}
