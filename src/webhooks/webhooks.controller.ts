import { Controller, Headers, HttpCode, Post, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Public } from '@scalekit-nest/auth';
import type { RawBodyRequest } from '../bootstrap/body-parsers';
import type { WebhookHeaders } from '../scalekit/scalekit.port';
import { WebhookReceiver } from './webhook-receiver.service';

/** `POST /webhooks/scalekit`: the endpoint to register in the Scalekit dashboard. */
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly receiver: WebhookReceiver) {}

  /** Signed by Scalekit, not by a user: no session, no bearer token, no CSRF token. */
  @Public()
  @Post('scalekit')
  @HttpCode(200)
  async scalekit(
    @Headers() headers: WebhookHeaders,
    @Req() request: FastifyRequest & RawBodyRequest,
  ): Promise<{ received: true; duplicate: boolean }> {
    const outcome = await this.receiver.receive(headers, request.rawBody, request.body);
    return { received: true, duplicate: outcome === 'duplicate' };
  }
}
