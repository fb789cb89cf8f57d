import { join } from 'node:path';
import { newId } from '../ids';
import { readJsonFile, writeJsonFile } from './json-file';
import { hashSecret, newPlainSecret, secretMatches } from './secret-hash';
import {
  clientsFileSchema,
  type ClientFields,
  type StoredClient,
  type StoredSecret,
} from './stored-client';

/**
 * Organization API clients and their hashed secrets, persisted in `<dataDir>/clients.json` so that
 * clients registered through the gRPC API survive a restart of the stand-in.
 */
export class ClientStore {
  private readonly clients: StoredClient[];

  private constructor(private readonly file: string) {
    this.clients = readJsonFile(file, clientsFileSchema)?.clients ?? [];
  }

  static open(dataDir: string): ClientStore {
    return new ClientStore(join(dataDir, 'clients.json'));
  }

  list(organizationId: string): StoredClient[] {
    return this.clients.filter((c) => c.organizationId === organizationId);
  }

  get(organizationId: string, clientId: string): StoredClient | undefined {
    return this.clients.find((c) => c.clientId === clientId && c.organizationId === organizationId);
  }

  create(
    organizationId: string,
    fields: ClientFields,
  ): { client: StoredClient; plainSecret: string } {
    const now = new Date().toISOString();
    const client: StoredClient = {
      clientId: newId('m2morg'),
      organizationId,
      name: fields.name ?? '',
      description: fields.description ?? '',
      scopes: fields.scopes ?? [],
      audience: fields.audience ?? [],
      customClaims: fields.customClaims ?? [],
      expiry: fields.expiry ?? 0,
      createTime: now,
      updateTime: now,
      secrets: [],
    };
    const { plainSecret } = this.attachSecret(client);
    this.clients.push(client);
    this.save();
    return { client, plainSecret };
  }

  /** Applies the fields that are present (the SDK sends no field mask: absent means unchanged). */
  update(client: StoredClient, fields: ClientFields): StoredClient {
    if (fields.name !== undefined) client.name = fields.name;
    if (fields.description !== undefined) client.description = fields.description;
    if (fields.scopes !== undefined) client.scopes = fields.scopes;
    if (fields.audience !== undefined) client.audience = fields.audience;
    if (fields.customClaims !== undefined) client.customClaims = fields.customClaims;
    if (fields.expiry !== undefined) client.expiry = fields.expiry;
    client.updateTime = new Date().toISOString();
    this.save();
    return client;
  }

  delete(client: StoredClient): void {
    this.clients.splice(this.clients.indexOf(client), 1);
    this.save();
  }

  addSecret(client: StoredClient): { secret: StoredSecret; plainSecret: string } {
    const added = this.attachSecret(client);
    client.updateTime = added.secret.createTime;
    this.save();
    return added;
  }

  /** Returns false when the client has no secret with this id. */
  removeSecret(client: StoredClient, secretId: string): boolean {
    const index = client.secrets.findIndex((s) => s.id === secretId);
    if (index < 0) return false;
    client.secrets.splice(index, 1);
    client.updateTime = new Date().toISOString();
    this.save();
    return true;
  }

  /** The client whose id and one of whose current secrets match, for the client_credentials grant. */
  authenticate(clientId: string, plainSecret: string): StoredClient | undefined {
    const client = this.clients.find((c) => c.clientId === clientId);
    const secret = client?.secrets.find((s) => secretMatches(plainSecret, s.hash));
    if (!client || !secret) return undefined;
    secret.lastUsedTime = new Date().toISOString();
    this.save();
    return client;
  }

  private attachSecret(client: StoredClient): { secret: StoredSecret; plainSecret: string } {
    const plainSecret = newPlainSecret();
    const secret: StoredSecret = {
      id: newId('sks'),
      hash: hashSecret(plainSecret),
      suffix: plainSecret.slice(-4),
      createTime: new Date().toISOString(),
    };
    client.secrets.push(secret);
    return { secret, plainSecret };
  }

  private save(): void {
    writeJsonFile(this.file, { version: 1, clients: this.clients });
  }
}
