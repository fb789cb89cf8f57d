import type { ConfigService } from '@nestjs/config';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { AppConfig } from '../config/app-config';
import type { ScalekitPort } from '../scalekit/scalekit.port';
import type { SessionService } from '../session/session.service';
import type { SessionStore } from '../session/store/session-store';
import { WebhookReceiver } from './webhook-receiver.service';

function receiverWith(verified: boolean) {
  const ended: Array<{ subject?: string; sid?: string }> = [];
  const seen = new Set<string>();
  const store = {
    markSeen: (key: string) => Promise.resolve(!seen.has(key) && Boolean(seen.add(key))),
    forgetSeen: (key: string) => Promise.resolve(void seen.delete(key)),
  } as unknown as SessionStore;
  const sessions = {
    endSessionsOf: (match: { subject?: string; sid?: string }) => {
      ended.push(match);
      return Promise.resolve(1);
    },
  } as unknown as SessionService;
  const port = { verifyWebhook: () => verified } as unknown as ScalekitPort;
  const config = {
    get: () => ({ webhookSecret: 'whsec_x' }),
  } as unknown as ConfigService<AppConfig, true>;
  const receiver = new WebhookReceiver(port, store, sessions, new EventEmitter2(), config);
  const headers = (id: string) => ({ 'webhook-id': id });
  return { receiver, ended, headers };
}

const body = (type: string, data: object) => ({ id: 'evt_1', type, data });

describe('WebhookReceiver', () => {
  it.each([
    [
      'user.logout',
      { user: { id: 'usr_1' }, user_session: { session_id: 'ses_1', user_id: 'usr_1' } },
      { sid: 'ses_1' },
    ],
    ['user.logout', { user: { id: 'usr_2' } }, { subject: 'usr_2' }],
    ['user.logout', { user_session: { user_id: 'usr_3' } }, { subject: 'usr_3' }],
    [
      'user.organization_membership_deleted',
      { organization: { id: 'org_1' }, user: { id: 'usr_4' } },
      { subject: 'usr_4' },
    ],
  ])('%s with %j ends the sessions of %j', async (type, data, match) => {
    const { receiver, ended, headers } = receiverWith(true);
    await expect(receiver.receive(headers('m1'), '{}', body(type, data))).resolves.toBe(
      'processed',
    );
    expect(ended).toEqual([match]);
  });

  it('ends nothing for other events, and nothing for an unverified delivery', async () => {
    const ok = receiverWith(true);
    await ok.receiver.receive(ok.headers('m1'), '{}', body('organization.created', { id: 'o' }));
    // Not Scalekit event types: nothing ends on a name that only looks right.
    await ok.receiver.receive(ok.headers('m2'), '{}', body('user.deleted', { id: 'usr_1' }));
    await ok.receiver.receive(ok.headers('m3'), '{}', body('session.revoked', { id: 'ses_1' }));
    // A logout naming nobody ends nobody (and says so), rather than matching an empty owner.
    await ok.receiver.receive(ok.headers('m4'), '{}', body('user.logout', { user: {} }));
    expect(ok.ended).toEqual([]);
    const forged = receiverWith(false);
    await expect(
      forged.receiver.receive(forged.headers('m2'), '{}', body('user.logout', { user_id: 'u' })),
    ).rejects.toMatchObject({ status: 401 });
    expect(forged.ended).toEqual([]);
  });

  it('refuses a delivery without a raw body (not JSON) as unsigned', async () => {
    const { receiver } = receiverWith(true);
    await expect(receiver.receive({}, null, undefined)).rejects.toMatchObject({ status: 401 });
  });
});
