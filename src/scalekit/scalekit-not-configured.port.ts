import { ScalekitPort } from './scalekit.port';
import { ScalekitNotConfiguredError } from './scalekit.errors';
import type {
  ApiClient,
  ApiClientPage,
  CreatedApiClient,
  CreatedApiClientSecret,
  TokenSet,
} from './scalekit.types';

const notConfigured = (): ScalekitNotConfiguredError =>
  new ScalekitNotConfiguredError(
    'No Scalekit environment is configured (set SCALEKIT_ENVIRONMENT_URL, SCALEKIT_CLIENT_ID and SCALEKIT_CLIENT_SECRET)',
  );

/**
 * The port when no Scalekit is configured (production resource-server mode): every call fails
 * with {@link ScalekitNotConfiguredError}, which the login and admin routes answer with 503.
 */
export class ScalekitNotConfiguredPort extends ScalekitPort {
  verifyWebhook(): boolean {
    throw notConfigured();
  }
  authorizationUrl(): string {
    throw notConfigured();
  }
  logoutUrl(): string {
    throw notConfigured();
  }
  exchangeCode(): Promise<TokenSet> {
    return Promise.reject(notConfigured());
  }
  refresh(): Promise<TokenSet> {
    return Promise.reject(notConfigured());
  }
  createClient(): Promise<CreatedApiClient> {
    return Promise.reject(notConfigured());
  }
  listClients(): Promise<ApiClientPage> {
    return Promise.reject(notConfigured());
  }
  getClient(): Promise<ApiClient> {
    return Promise.reject(notConfigured());
  }
  updateClient(): Promise<ApiClient> {
    return Promise.reject(notConfigured());
  }
  deleteClient(): Promise<void> {
    return Promise.reject(notConfigured());
  }
  addSecret(): Promise<CreatedApiClientSecret> {
    return Promise.reject(notConfigured());
  }
  removeSecret(): Promise<void> {
    return Promise.reject(notConfigured());
  }
  organizationName(): Promise<string> {
    return Promise.reject(notConfigured());
  }
}
