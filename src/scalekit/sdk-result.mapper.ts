import { timestampDate, type Timestamp } from '@bufbuild/protobuf/wkt';
import { ClientSecretStatus, type ClientSecret, type M2MClient } from './sdk-protos';
import { ScalekitUnknownError } from './scalekit.errors';
import type { ApiClient, ApiClientSecret } from './scalekit.types';

/** protobuf Timestamp -> ISO 8601 string (the port's types carry no protobuf objects). */
export function isoTime(value: Timestamp | undefined): string | undefined {
  return value ? timestampDate(value).toISOString() : undefined;
}

export function toApiClientSecret(secret: ClientSecret): ApiClientSecret {
  return {
    id: secret.id,
    suffix: secret.secretSuffix,
    status: secret.status === ClientSecretStatus.INACTIVE ? 'inactive' : 'active',
    createdAt: isoTime(secret.createTime),
    updatedAt: isoTime(secret.updateTime),
    lastUsedAt: isoTime(secret.lastUsedTime),
    expiresAt: isoTime(secret.expireTime),
    createdBy: secret.createdBy || undefined,
  };
}

/** M2MClient -> ApiClient; `expiry` is a bigint of seconds, 0 meaning "Scalekit's default". */
export function toApiClient(client: M2MClient | undefined): ApiClient {
  if (!client) throw new ScalekitUnknownError('Scalekit answered without the client');
  return {
    clientId: client.clientId,
    organizationId: client.organizationId,
    name: client.name,
    description: client.description,
    scopes: [...client.scopes],
    audience: [...client.audience],
    customClaims: Object.fromEntries(client.customClaims.map((c) => [c.key, c.value])),
    expirySeconds: client.expiry > 0n ? Number(client.expiry) : undefined,
    createdAt: isoTime(client.createTime),
    updatedAt: isoTime(client.updateTime),
    secrets: client.secrets.map(toApiClientSecret),
  };
}

/** Seconds until a JWT's `exp` (refresh answers carry no `expires_in` through the SDK). */
export function secondsUntilExpiry(jwt: string, now: number = Date.now()): number {
  try {
    const payload = JSON.parse(
      Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8'),
    ) as { exp?: unknown };
    return typeof payload.exp === 'number' ? Math.max(0, Math.floor(payload.exp - now / 1000)) : 0;
  } catch {
    return 0;
  }
}
