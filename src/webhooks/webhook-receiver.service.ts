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

/** Events after which a user's (or one identity-provider session's) local sessions must end. */
const SESSION_ENDINGS: Readonly<Record<string, 'user' | 'session'>> = {
  'user.logout': 'user',
  'user.deleted': 'user',
  'session.revoked': 'session',
};

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
    const ending = SESSION_ENDINGS[event.type];
    if (ending) await this.endSessions(ending, event);
    const listeners = await this.events.emitAsync(scalekitEventName(event.type), event);
    if (!ending && listeners.length === 0)
      this.logger.log(`webhook ${event.type} (${event.id}) acknowledged: nothing subscribes to it`);
  }

  private async endSessions(kind: 'user' | 'session', event: ScalekitEvent): Promise<void> {
    const data = event.data;
    const text = (value: unknown) =>
      typeof value === 'string' && value !== '' ? value : undefined;
    const ended =
      kind === 'user'
        ? await this.sessions.endSessionsOf({ subject: text(data.user_id) ?? text(data.id) })
        : await this.sessions.endSessionsOf({ sid: text(data.session_id) ?? text(data.id) });
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
