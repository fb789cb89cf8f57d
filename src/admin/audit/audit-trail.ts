import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
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

/** The request id the logging module gave this request (pino-http's `req.id`, echoed as `x-request-id`). */
export function requestIdOf(request: Request, response: Response): string | null {
  const id: unknown = (request as { id?: unknown }).id;
  if (typeof id === 'string' || typeof id === 'number') return String(id);
  const header = response.getHeader('x-request-id');
  return typeof header === 'string' ? header : null;
}

function param(request: Request, name: string): string | null {
  const value: unknown = request.params?.[name];
  return typeof value === 'string' ? value : null;
}

/** Builds an audit event from what the request says (who, which organization, which ids) plus the outcome. */
@Injectable()
export class AuditTrail {
  constructor(private readonly audit: AuditLogger) {}

  record(request: Request, response: Response, action: AuditAction, facts: AuditFacts): void {
    this.audit.record({
      action,
      outcome: auditOutcome(facts.status),
      actor: auditActor(getPrincipal(request)),
      organizationId: param(request, 'organizationId') ?? '',
      clientId: facts.clientId ?? param(request, 'clientId'),
      secretId: facts.secretId ?? param(request, 'secretId'),
      status: facts.status,
      error: facts.error ?? null,
      requestId: requestIdOf(request, response),
      replayed: facts.replayed ?? false,
    });
  }
}
