import { Reflector } from '@nestjs/core';
import type { AuditAction } from './audit-event';

/** Marks a change handler: its outcome (success, denial, refusal, failure) writes one audit event. */
export const Audited = Reflector.createDecorator<AuditAction>();
