import { Code, ConnectError } from '@connectrpc/connect';
import type { OrganizationClient } from '../../scalekit/sdk-protos';
import type { ClientFields } from '../store/stored-client';
import { isReservedClaim } from '../../scalekit/reserved-claims';

/** RFC 6749 section 3.3 scope-token: printable ASCII without space, `"` or `\`. */
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;
const MAX_EXPIRY_S = 365 * 24 * 3600;
/** Bounds on list fields: every entry lands in each token and in clients.json. */
const MAX_ENTRIES = { scopes: 50, audience: 20, custom_claims: 20 } as const;
const MAX_ENTRY_LENGTH = 1024;

/**
 * The fields a create or update message sets. proto3 cannot tell "absent" from "empty" and the SDK
 * sends no field mask, so an empty string, an empty list or a zero expiry all mean "not given".
 */
export function fieldsFromMessage(client: OrganizationClient | undefined): ClientFields {
  if (!client) return {};
  const fields: ClientFields = {};
  if (client.name !== '') fields.name = client.name;
  if (client.description !== '') fields.description = client.description;
  if (client.scopes.length > 0) fields.scopes = [...client.scopes];
  if (client.audience.length > 0) fields.audience = [...client.audience];
  if (client.customClaims.length > 0)
    fields.customClaims = client.customClaims.map((c) => ({ key: c.key, value: c.value }));
  if (client.expiry !== 0n) fields.expiry = Number(client.expiry);
  return fields;
}

/** Refuses what Scalekit would refuse, as INVALID_ARGUMENT with the offending field named. */
export function validateFields(fields: ClientFields, creating: boolean): void {
  const problems: string[] = [];
  if (creating && fields.name === undefined) problems.push('client.name is required');
  if (fields.name !== undefined && fields.name.length > 256)
    problems.push('client.name is too long');
  if (fields.description !== undefined && fields.description.length > 1024)
    problems.push('client.description is too long');
  fields.scopes?.forEach(
    (s, i) => SCOPE_TOKEN.test(s) || problems.push(`client.scopes[${i}] is not a valid scope`),
  );
  fields.audience?.forEach(
    (a, i) => a.trim() !== '' || problems.push(`client.audience[${i}] is empty`),
  );
  fields.customClaims?.forEach((c, i) => {
    if (c.key === '' || isReservedClaim(c.key))
      problems.push(`client.custom_claims[${i}].key is empty or reserved`);
  });
  problems.push(...sizeProblems(fields));
  if (fields.expiry !== undefined && (fields.expiry < 0 || fields.expiry > MAX_EXPIRY_S))
    problems.push('client.expiry is out of range');
  if (problems.length > 0) throw new ConnectError(problems.join('; '), Code.InvalidArgument);
}

function sizeProblems(fields: ClientFields): string[] {
  const lists = {
    scopes: fields.scopes,
    audience: fields.audience,
    custom_claims: fields.customClaims?.flatMap((c) => [c.key, c.value]),
  };
  const problems: string[] = [];
  for (const [name, entries] of Object.entries(lists) as [keyof typeof lists, string[]][]) {
    if (entries === undefined) continue;
    const count = name === 'custom_claims' ? entries.length / 2 : entries.length;
    if (count > MAX_ENTRIES[name])
      problems.push(`client.${name} has more than ${MAX_ENTRIES[name]} entries`);
    if (entries.some((e) => e.length > MAX_ENTRY_LENGTH))
      problems.push(`client.${name} has an entry over ${MAX_ENTRY_LENGTH} characters`);
  }
  return problems;
}
