import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { EventEmitter2 } from '@nestjs/event-emitter';
import request from 'supertest';
import type { ScalekitEvent } from '../src/webhooks/scalekit-event';
import {
  CookieJar,
  signIn,
  STORE_KINDS,
  useSessionTestbed,
  type SessionTestbed,
} from './helpers/session-login';

const SECRET = `whsec_${randomBytes(32).toString('base64')}`;
const ADMIN = { email: 'admin@acme.test', id: 'usr_10000000000000011' };
const MEMBER = { email: 'member@acme.test', id: 'usr_10000000000000012' };

/** `user.logout`'s data as Scalekit shapes it, for a delivery that names the user only. */
const loggedOut = (user: { email: string; id: string }) => ({
  user: { id: user.id, email: user.email },
});

/** A delivery as Scalekit signs it (Standard Webhooks): HMAC-SHA256 over `id.timestamp.body`. */
function delivery(
  event: object | string,
  options: { id?: string; timestamp?: number; secret?: string } = {},
) {
  const id = options.id ?? `msg_${randomUUID()}`;
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const body = typeof event === 'string' ? event : JSON.stringify(event);
  const key = Buffer.from((options.secret ?? SECRET).split('_')[1] ?? '', 'base64');
  const signature = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': timestamp,
      'webhook-signature': `v1,${signature}`,
    },
  };
}

const event = (type: string, data: object) => ({
  id: `evt_${randomUUID()}`,
  type,
  environment_id: 'env_1',
  organization_id: 'org_10000000000000001',
  occurred_at: new Date().toISOString(),
  data,
});

describe.each(STORE_KINDS)('Scalekit webhooks (%s store)', (kind) => {
  const testbed = useSessionTestbed(kind, {
    SCALEKIT_WEBHOOK_SECRET: SECRET,
  });
  let bed: SessionTestbed;

  beforeAll(() => {
    bed = testbed();
  });

  const send = (d: ReturnType<typeof delivery>, url = bed.url) =>
    request(url).post('/webhooks/scalekit').set(d.headers).send(d.body);

  const signedIn = async (email: string, url = bed.url) => {
    const jar = new CookieJar();
    await signIn(url, email, jar);
    return jar;
  };
  const isSignedIn = async (jar: CookieJar, url = bed.url) =>
    (await request(url).get('/dashboard').set('Cookie', jar.header())).status === 200;

  it("user.logout ends that user's sessions, and only theirs", async () => {
    const [admin1, admin2, member] = [
      await signedIn(ADMIN.email),
      await signedIn(ADMIN.email),
      await signedIn(MEMBER.email),
    ];
    const res = await send(delivery(event('user.logout', loggedOut(ADMIN))));
    expect([res.status, res.body]).toEqual([200, { received: true, duplicate: false }]);
    expect(await isSignedIn(admin1)).toBe(false);
    expect(await isSignedIn(admin2)).toBe(false);
    expect(await isSignedIn(member)).toBe(true);
  });

  it('user.organization_membership_deleted ends the sessions too; names Scalekit never sends end none', async () => {
    const member = await signedIn(MEMBER.email);
    for (const madeUp of ['user.deleted', 'session.revoked'])
      expect((await send(delivery(event(madeUp, { id: MEMBER.id })))).status).toBe(200);
    expect(await isSignedIn(member)).toBe(true);
    const left = event('user.organization_membership_deleted', {
      organization: { id: 'org_10000000000000001' },
      user: { id: MEMBER.id, email: MEMBER.email },
    });
    expect((await send(delivery(left))).status).toBe(200);
    expect(await isSignedIn(member)).toBe(false);
  });

  it('a delivery seen before is acknowledged and not processed again', async () => {
    const first = delivery(event('user.logout', loggedOut(ADMIN)));
    expect((await send(first)).body.duplicate).toBe(false);
    const admin = await signedIn(ADMIN.email);
    const again = await send(first);
    expect([again.status, again.body]).toEqual([200, { received: true, duplicate: true }]);
    expect(await isSignedIn(admin)).toBe(true);
  });

  it('of one delivery sent many times at once, exactly one is processed (run 10 times)', async () => {
    for (let round = 0; round < 10; round++) {
      const d = delivery(event('organization.updated', { id: 'org_10000000000000001' }));
      const answers = await Promise.all(Array.from({ length: 8 }, () => send(d)));
      expect(answers.map((a) => a.status)).toEqual(Array<number>(8).fill(200));
      expect(answers.filter((a) => a.body.duplicate === false)).toHaveLength(1);
    }
  });

  it.each<[string, () => ReturnType<typeof delivery>]>([
    [
      'signed with another secret',
      () =>
        delivery(event('user.logout', loggedOut(ADMIN)), {
          secret: `whsec_${randomBytes(32).toString('base64')}`,
        }),
    ],
    [
      'older than 5 minutes',
      () =>
        delivery(event('user.logout', loggedOut(ADMIN)), {
          timestamp: Math.floor(Date.now() / 1000) - 6 * 60,
        }),
    ],
    [
      'from the future',
      () =>
        delivery(event('user.logout', loggedOut(ADMIN)), {
          timestamp: Math.floor(Date.now() / 1000) + 6 * 60,
        }),
    ],
    [
      'with a body changed after signing',
      () => {
        const d = delivery(event('user.logout', loggedOut(MEMBER)));
        return { ...d, body: d.body.replace(MEMBER.id, ADMIN.id) };
      },
    ],
    [
      'without its signature header',
      () => {
        const d = delivery(event('user.logout', loggedOut(ADMIN)));
        const headers: Partial<typeof d.headers> = { ...d.headers };
        delete headers['webhook-signature'];
        return { ...d, headers: headers as typeof d.headers };
      },
    ],
  ])('refuses a delivery %s with 401, and nothing happens', async (_what, forged) => {
    const admin = await signedIn(ADMIN.email);
    const res = await send(forged());
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: 'invalid_signature', requestId: expect.any(String) });
    expect(await isSignedIn(admin)).toBe(true);
  });

  it('a forged delivery does not use up its id: the genuine one is still processed', async () => {
    const genuine = delivery(event('user.logout', loggedOut(MEMBER)));
    const forgedWithSameId = delivery(event('user.logout', loggedOut(MEMBER)), {
      id: genuine.headers['webhook-id'],
      secret: `whsec_${randomBytes(32).toString('base64')}`,
    });
    expect((await send(forgedWithSameId)).status).toBe(401);
    expect((await send(genuine)).body).toEqual({ received: true, duplicate: false });
  });

  it('a signed body that is not an event is a 400; an unknown type is acknowledged', async () => {
    // Not JSON at all: refused by the body parser, before any signature is computed.
    const notJson = await send(delivery('not json'));
    expect([notJson.status, notJson.body.error]).toEqual([400, 'malformed_body']);
    const noType = await send(delivery({ id: 'evt_1', data: {} }));
    expect([noType.status, noType.body.error]).toEqual([400, 'malformed_event']);
    const unknown = await send(delivery(event('something.new_happened', { x: 1 })));
    expect([unknown.status, unknown.body.duplicate]).toEqual([200, false]);
  });

  it('emits every event to the application as scalekit.<type>, with its typed envelope', async () => {
    const emitter = bed.app.app.get(EventEmitter2);
    const seen: ScalekitEvent[] = [];
    const listener = (e: ScalekitEvent) => void seen.push(e);
    emitter.on('scalekit.organization.directory.*', listener);
    try {
      const d = delivery(
        event('organization.directory.user_created', { id: 'diruser_1', email: 'new@acme.test' }),
      );
      expect((await send(d)).status).toBe(200);
      expect(seen).toEqual([
        expect.objectContaining({
          deliveryId: d.headers['webhook-id'],
          type: 'organization.directory.user_created',
          organizationId: 'org_10000000000000001',
          data: { id: 'diruser_1', email: 'new@acme.test' },
        }),
      ]);
    } finally {
      emitter.off('scalekit.organization.directory.*', listener);
    }
  });

  it('a failing subscriber answers 503 and leaves the delivery to be retried', async () => {
    const emitter = bed.app.app.get(EventEmitter2);
    const failing = () => {
      throw new Error('subscriber down');
    };
    emitter.on('scalekit.role.created', failing);
    const d = delivery(event('role.created', { name: 'auditor' }));
    try {
      const res = await send(d);
      expect([res.status, res.body.error]).toEqual([503, 'webhook_not_processed']);
      expect(JSON.stringify(res.body)).not.toContain('subscriber down');
    } finally {
      emitter.off('scalekit.role.created', failing);
    }
    expect((await send(d)).body).toEqual({ received: true, duplicate: false });
  });

  it('a body above the limit is 413, never read', async () => {
    const d = delivery(event('organization.updated', { blob: 'x'.repeat(200 * 1024) }));
    expect((await send(d)).status).toBe(413);
  });

  if (kind === 'redis')
    it('a webhook received by one instance ends the session held on another', async () => {
      const other = await bed.startAnother({ SCALEKIT_WEBHOOK_SECRET: SECRET });
      const admin = await signedIn(ADMIN.email);
      expect((await send(delivery(event('user.logout', loggedOut(ADMIN))), other.url)).status).toBe(
        200,
      );
      expect(await isSignedIn(admin)).toBe(false);
    });

  it('without SCALEKIT_WEBHOOK_SECRET the endpoint answers 503', async () => {
    const other = await bed.startAnother({ SCALEKIT_WEBHOOK_SECRET: '' });
    const res = await send(delivery(event('user.logout', loggedOut(ADMIN))), other.url);
    expect([res.status, res.body.error]).toEqual([503, 'webhooks_not_configured']);
  });
});
