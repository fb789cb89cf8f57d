import type {
  ApiClient,
  ApiClientPage,
  ApiClientSecret,
  CreatedApiClient,
  CreatedApiClientSecret,
} from '../../scalekit/scalekit.types';
import type {
  ClientPageView,
  ClientView,
  CreatedClientView,
  CreatedSecretView,
  SecretMetadataView,
} from './client.response';

/**
 * Port types -> response bodies. Fields are copied one by one (never spread), so a field added to
 * the port later, such as a secret value, cannot reach a response by accident.
 */
export function presentSecret(secret: ApiClientSecret): SecretMetadataView {
  return {
    id: secret.id,
    suffix: secret.suffix,
    status: secret.status,
    createdAt: secret.createdAt ?? null,
    lastUsedAt: secret.lastUsedAt ?? null,
    expiresAt: secret.expiresAt ?? null,
  };
}

export function presentClient(client: ApiClient): ClientView {
  return {
    clientId: client.clientId,
    organizationId: client.organizationId,
    name: client.name,
    description: client.description,
    scopes: [...client.scopes],
    audience: [...client.audience],
    customClaims: { ...client.customClaims },
    expirySeconds: client.expirySeconds ?? null,
    createdAt: client.createdAt ?? null,
    updatedAt: client.updatedAt ?? null,
    secrets: client.secrets.map(presentSecret),
  };
}

export function presentPage(page: ApiClientPage): ClientPageView {
  return {
    clients: page.clients.map(presentClient),
    nextPageToken: page.nextPageToken || null,
    prevPageToken: page.prevPageToken || null,
    totalSize: page.totalSize,
  };
}

/** The only two bodies that carry a plain secret: the 201s that create it. */
export function presentCreatedClient(created: CreatedApiClient): CreatedClientView {
  return { client: presentClient(created.client), plainSecret: created.plainSecret };
}

export function presentCreatedSecret(created: CreatedApiClientSecret): CreatedSecretView {
  return { secret: presentSecret(created.secret), plainSecret: created.plainSecret };
}
