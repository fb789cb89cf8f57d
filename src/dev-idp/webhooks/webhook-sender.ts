import { createHmac, randomUUID } from 'node:crypto';
import type { DevIdpLogger } from '../dev-idp.context';
import { postInBackground } from './post-in-background';

/**
 * Delivers events to the app as Scalekit does (Standard Webhooks): `webhook-id`,
 * `webhook-timestamp` and `webhook-signature: v1,<base64 HMAC-SHA256 of id.timestamp.body>`
 * under the endpoint's `whsec_` secret. Fire and forget: a delivery that fails is logged, and
 * nothing the stand-in does waits for it.
 */
export class WebhookSender {
  constructor(
    private readonly url: string | undefined,
    private readonly secret: string,
    private readonly environmentId: string,
    private readonly logger: DevIdpLogger,
  ) {}

  /** `object` is the envelope's name for what the event is about (`User`, `Organization`...). */
  send(
    type: string,
    object: string,
    data: Readonly<Record<string, unknown>>,
    organizationId?: string,
  ): void {
    if (!this.url) return;
    const id = `msg_${randomUUID()}`;
    const timestamp = String(Math.floor(Date.now() / 1000));
    const body = JSON.stringify({
      id: `evt_${randomUUID()}`,
      type,
      object,
      environment_id: this.environmentId,
      ...(organizationId !== undefined && { organization_id: organizationId }),
      occurred_at: new Date().toISOString(),
      spec_version: '1',
      data,
    });
    const key = Buffer.from(this.secret.slice('whsec_'.length), 'base64');
    const signature = createHmac('sha256', key)
      .update(`${id}.${timestamp}.${body}`)
      .digest('base64');
    postInBackground(
      this.url,
      {
        contentType: 'application/json',
        headers: {
          'webhook-id': id,
          'webhook-timestamp': timestamp,
          'webhook-signature': `v1,${signature}`,
        },
      },
      body,
      `webhook ${type}`,
      this.logger,
    );
  }
}
