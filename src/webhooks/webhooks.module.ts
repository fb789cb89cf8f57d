import { Module } from '@nestjs/common';
import { SessionModule } from '../session/session.module';
import { WebhookReceiver } from './webhook-receiver.service';
import { WebhooksController } from './webhooks.controller';

/** Scalekit webhooks in; application events (`@OnScalekitEvent`) and session endings out. */
@Module({
  imports: [SessionModule],
  controllers: [WebhooksController],
  providers: [WebhookReceiver],
})
export class WebhooksModule {}
