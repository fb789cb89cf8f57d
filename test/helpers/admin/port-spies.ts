import type { ScalekitPort } from '../../../src/scalekit/scalekit.port';

/** The organization-client calls of the port: what a refused admin request must never reach. */
const CLIENT_METHODS = [
  'createClient',
  'listClients',
  'getClient',
  'updateClient',
  'deleteClient',
  'addSecret',
  'removeSecret',
] as const satisfies readonly (keyof ScalekitPort)[];

/** Spies on every client call of `port` (calls still go through); for "nothing reached Scalekit". */
export function spyOnClientCalls(port: ScalekitPort): jest.SpyInstance[] {
  return CLIENT_METHODS.map((method) => jest.spyOn(port, method));
}
