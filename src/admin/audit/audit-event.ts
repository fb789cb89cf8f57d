import type { Principal } from '@scalekit-nest/auth';

export type AuditAction =
  | 'api_client.create'
  | 'api_client.update'
  | 'api_client.delete'
  | 'api_client.secret.add'
  | 'api_client.secret.remove';

/**
 * `success`: the change happened (or an idempotent retry replayed it). `denied`: authorization
 * refused it. `rejected`: the request was invalid or the target missing (4xx). `failed`: Scalekit
 * or the service could not complete it (5xx), so the change may or may not have happened.
 */
export type AuditOutcome = 'success' | 'denied' | 'rejected' | 'failed';

export interface AuditActor {
  readonly kind: Principal['kind'];
  readonly via: Principal['via'];
  readonly subject: string;
  readonly organizationId: string | null;
}

/** One audit record. Ids and codes only: never a secret, a token or a request body. */
export interface AuditEvent {
  readonly action: AuditAction;
  readonly outcome: AuditOutcome;
  readonly actor: AuditActor | null;
  readonly organizationId: string;
  readonly clientId: string | null;
  readonly secretId: string | null;
  readonly status: number;
  /** The error code of a refused or failed change. */
  readonly error: string | null;
  readonly requestId: string | null;
  /** True when an `Idempotency-Key` retry was answered from the stored response. */
  readonly replayed: boolean;
}

export function auditActor(principal: Principal | undefined): AuditActor | null {
  if (!principal) return null;
  return {
    kind: principal.kind,
    via: principal.via,
    subject: principal.subject,
    organizationId: principal.organizationId ?? null,
  };
}

export function auditOutcome(status: number): AuditOutcome {
  if (status < 400) return 'success';
  if (status === 401 || status === 403) return 'denied';
  return status < 500 ? 'rejected' : 'failed';
}
