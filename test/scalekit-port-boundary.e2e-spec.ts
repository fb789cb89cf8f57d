import { inspect } from 'node:util';
import { Logger } from '@nestjs/common';
import { parseScalekitConfig, type ScalekitConfig } from '../src/config/scalekit.config';
import { ScalekitSdkService } from '../src/scalekit/scalekit-sdk.service';
import { ScalekitError } from '../src/scalekit/scalekit.errors';
import { SdkFailure } from '../src/scalekit/sdk-error.mapper';
import { startTestDevIdp, type DevIdpHandle } from './helpers/dev-idp';

Logger.overrideLogger(false);

const BASE = 'http://127.0.0.1:3996';
const ACME = 'org_10000000000000001';

function configFor(idp: DevIdpHandle, clientSecret: string): ScalekitConfig {
  const parsed = parseScalekitConfig(
    {
      SCALEKIT_ENVIRONMENT_URL: idp.url,
      SCALEKIT_CLIENT_ID: idp.appClient.clientId,
      SCALEKIT_CLIENT_SECRET: clientSecret,
      SCALEKIT_TIMEOUT_MS: '3000',
    },
    BASE,
  );
  if (!parsed.ok || !parsed.value) throw new Error('bad test config');
  return parsed.value;
}

/** Every value reachable from `value` is JSON data: plain objects, arrays, strings, numbers... */
function nonPlainPaths(value: unknown, path = '$'): string[] {
  if (value === null || ['string', 'number', 'boolean', 'undefined'].includes(typeof value))
    return [];
  if (Array.isArray(value)) return value.flatMap((v, i) => nonPlainPaths(v, `${path}[${i}]`));
  if (typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype)
    return [`${path} (${typeof value})`];
  return Object.entries(value).flatMap(([k, v]) =>
    k === '$typeName' ? [`${path}.$typeName`] : nonPlainPaths(v, `${path}.${k}`),
  );
}

/** The error and its causes: SDK or axios classes here would have crossed the port. */
function causeChain(error: unknown): object[] {
  const chain: object[] = [];
  for (let link = error; typeof link === 'object' && link !== null; link = (link as Error).cause)
    chain.push(link);
  return chain;
}

async function failure(call: Promise<unknown>): Promise<ScalekitError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ScalekitError);
  return error as ScalekitError;
}

/** What crosses the port: plain data out, our own errors with nothing of the request in them. */
describe('ScalekitSdkService boundary', () => {
  let idp: DevIdpHandle;
  beforeAll(async () => {
    idp = await startTestDevIdp({ appRedirectUris: [`${BASE}/auth/callback`] });
  });
  afterAll(() => idp.stop());

  it('returns plain JSON data only: no bigint, no protobuf message, no class instance', async () => {
    const port = new ScalekitSdkService(configFor(idp, idp.appClient.clientSecret));
    const created = await port.createClient(ACME, {
      name: 'plain',
      scopes: ['a:b'],
      customClaims: { team: 'ops' },
    });
    const added = await port.addSecret(ACME, created.client.clientId);
    const page = await port.listClients(ACME, {});
    for (const result of [
      created,
      added,
      page,
      await port.getClient(ACME, created.client.clientId),
    ])
      expect(nonPlainPaths(result)).toEqual([]);
  });

  it('throws only its own errors, with no SDK error and no secret, code or token in them', async () => {
    const wrongSecret = 'test_wrong-secret-that-must-not-leak';
    const wrong = new ScalekitSdkService(configFor(idp, wrongSecret));
    const right = new ScalekitSdkService(configFor(idp, idp.appClient.clientSecret));
    const errors = [
      await failure(wrong.listClients(ACME, {})),
      await failure(
        wrong.exchangeCode('code-that-must-not-leak', `${BASE}/auth/callback`, 'v'.repeat(43)),
      ),
      await failure(
        right.exchangeCode('code-that-must-not-leak', `${BASE}/auth/callback`, 'v'.repeat(43)),
      ),
      await failure(right.refresh('refresh-token-that-must-not-leak')),
      await failure(right.getClient(ACME, 'm2morg_1')),
    ];
    for (const error of errors) {
      const everything = inspect(error, { depth: Infinity, showHidden: true });
      expect(everything).not.toMatch(/must-not-leak/);
      expect(everything).not.toContain(idp.appClient.clientSecret);
      expect(causeChain(error).map((link) => link.constructor.name)).toEqual([
        error.constructor.name,
        SdkFailure.name,
      ]);
    }
    expect(errors.map((e) => e.kind)).toEqual([
      'unauthenticated',
      'unauthenticated',
      'invalid_grant',
      'invalid_grant',
      'not_found',
    ]);
  });
});
