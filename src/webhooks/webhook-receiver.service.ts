import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { AppConfig } from '../config/app-config';
import { ScalekitPort, type WebhookHeaders } from '../scalekit/scalekit.port';
import { storeKeyOf } from '../session/session-crypto';
import { SessionService } from '../session/session.service';
import { SessionStore } from '../session/store/session-store';
import { ScalekitEvent, scalekitEnvelopeSchema, scalekitEventName } from './scalekit-event';
import {
  WebhookNotProcessedError,
  WebhookRefusedError,
  WebhooksNotConfiguredError,
} from './webhook.errors';

/** Retries of one delivery come within Scalekit's 5-minute signature tolerance; remember twice that. */
const DELIVERY_MEMORY_MS = 10 * 60_000;

/** A value of an event's `data`, if it is a non-empty string. */
function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function member(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

/**
 * Which local sessions an event ends, per Scalekit's catalog:
 * - `user.logout` is sent whenever a Scalekit session ends (sign-out, expiry, an admin's
 *   revocation): the local sessions opened from it (`data.user_session.session_id`, our `sid`)
 *   end; a delivery that names no session ends the user's (`data.user.id`), failing closed;
 * - `user.organization_membership_deleted`: the user left the organization, so the roles and
 *   permissions their sessions carry are void: all of that user's sessions end.
 */
function sessionEnding(event: ScalekitEvent): { subject?: string; sid?: string } | undefined {
  const user = member(event.data, 'user');
  const session = member(event.data, 'user_session');
  const subject = text(member(user, 'id')) ?? text(member(session, 'user_id'));
  switch (event.type) {
    case 'user.logout': {
      const sid = text(member(session, 'session_id'));
      return sid ? { sid } : subject ? { subject } : {};
    }
    case 'user.organization_membership_deleted':
      return { subject };
    default:
      return undefined;
  }
}

export type WebhookOutcome = 'processed' | 'duplicate';

/**
 * Receives Scalekit webhooks: signature over the raw body (the SDK's check), one processing per
 * `webhook-id` across instances (remembered in the session store), then the session endings
 * this service owns and an application event for every type.
 */
@Injectable()
export class WebhookReceiver {
  private readonly logger = new Logger(WebhookReceiver.name);
  /** `SCALEKIT_WEBHOOK_SECRET`; without it every delivery is refused (503). */
  private readonly secret: string | undefined;

  constructor(
    private readonly scalekit: ScalekitPort,
    private readonly store: SessionStore,
    private readonly sessions: SessionService,
    private readonly events: EventEmitter2,
    @Inject(ConfigService) config: ConfigService<AppConfig, true>,
  ) {
    this.secret = config.get('scalekit', { infer: true })?.webhookSecret;
  }

  /** `rawBody` is what the signature covers; `body` the same bytes as the JSON parser read them. */
  async receive(
    headers: WebhookHeaders,
    rawBody: string | null,
    body: unknown,
  ): Promise<WebhookOutcome> {
    if (!this.secret) throw new WebhooksNotConfiguredError();
    if (rawBody === null || !this.scalekit.verifyWebhook(this.secret, headers, rawBody))
      throw new WebhookRefusedError('invalid_signature', 'The webhook signature is not valid');
    const deliveryId = headers['webhook-id'] ?? '';
    const event = parseEvent(deliveryId, body);
    const claim = storeKeyOf(`webhook:${deliveryId}`);
    if (!(await this.store.markSeen(claim, DELIVERY_MEMORY_MS))) {
      this.logger.debug(`webhook ${deliveryId} seen before: acknowledged, not processed`);
      return 'duplicate';
    }
    try {
      await this.process(event);
    } catch (error: unknown) {
      // Not processed after all: let Scalekit's retry of this delivery in.
      await this.store.forgetSeen(claim);
      this.logger.error(`webhook ${event.type} (${event.id}) not processed`, error);
      throw new WebhookNotProcessedError();
    }
    return 'processed';
  }

  private async process(event: ScalekitEvent): Promise<void> {
    const ending = sessionEnding(event);
    if (ending) await this.endSessions(ending, event);
    const listeners = await this.events.emitAsync(scalekitEventName(event.type), event);
    if (!ending && listeners.length === 0)
      this.logger.log(`webhook ${event.type} (${event.id}) acknowledged: nothing subscribes to it`);
  }

  private async endSessions(
    match: { subject?: string; sid?: string },
    event: ScalekitEvent,
  ): Promise<void> {
    if (!match.subject && !match.sid) {
      this.logger.warn(
        `webhook ${event.type} (${event.id}) names no user or session: nothing ended`,
      );
      return;
    }
    const ended = await this.sessions.endSessionsOf(match);
    this.logger.log(`webhook ${event.type}: ended ${ended} session(s)`);
  }
}

function parseEvent(deliveryId: string, body: unknown): ScalekitEvent {
  const parsed = scalekitEnvelopeSchema.safeParse(body);
  if (!parsed.success)
    throw new WebhookRefusedError(
      'malformed_event',
      `The webhook body is not a Scalekit event (${parsed.error.issues[0]?.path.join('.') || 'body'})`,
    );
  const e = parsed.data;
  return {
    deliveryId,
    id: e.id,
    type: e.type,
    occurredAt: e.occurred_at,
    organizationId: e.organization_id,
    environmentId: e.environment_id,
    data: e.data,
  };
}
