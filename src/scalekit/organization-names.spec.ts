import { Logger } from '@nestjs/common';
import { OrganizationNames } from './organization-names';
import { ScalekitUnavailableError } from './scalekit.errors';
import type { ScalekitPort } from './scalekit.port';

function portAnswering(answer: (id: string) => Promise<string>) {
  const calls: string[] = [];
  const port = {
    organizationName: (id: string) => {
      calls.push(id);
      return answer(id);
    },
  } as unknown as ScalekitPort;
  return { port, calls };
}

describe('OrganizationNames', () => {
  beforeAll(() => {
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterAll(() => {
    jest.restoreAllMocks();
  });

  it('asks Scalekit once per organization, however many pages ask at once', async () => {
    const { port, calls } = portAnswering((id) => Promise.resolve(`name of ${id}`));
    const names = new OrganizationNames(port);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => names.nameOf(i % 2 ? 'org_1' : 'org_2')),
    );
    expect(new Set(answers)).toEqual(new Set(['name of org_1', 'name of org_2']));
    expect(await names.nameOf('org_1')).toBe('name of org_1');
    expect(calls.sort()).toEqual(['org_1', 'org_2']);
  });

  it('answers undefined when Scalekit fails, and tries again on the next view', async () => {
    let up = false;
    const { port, calls } = portAnswering(() =>
      up ? Promise.resolve('Acme') : Promise.reject(new ScalekitUnavailableError('down')),
    );
    const names = new OrganizationNames(port);
    expect(await names.nameOf('org_1')).toBeUndefined();
    up = true;
    expect(await names.nameOf('org_1')).toBe('Acme');
    expect(calls).toEqual(['org_1', 'org_1']);
  });
});
