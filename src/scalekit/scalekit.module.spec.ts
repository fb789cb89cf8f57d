import { ConfigModule } from '@nestjs/config';
import { Test } from '@nestjs/testing';
import { ScalekitNotConfiguredPort } from './scalekit-not-configured.port';
import { ScalekitSdkService } from './scalekit-sdk.service';
import { ScalekitNotConfiguredError } from './scalekit.errors';
import { ScalekitModule } from './scalekit.module';
import { ScalekitPort } from './scalekit.port';

async function portWith(scalekit: unknown): Promise<ScalekitPort> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      ConfigModule.forRoot({
        isGlobal: true,
        ignoreEnvFile: true,
        ignoreEnvVars: true,
        load: [() => ({ scalekit })],
      }),
      ScalekitModule,
    ],
  }).compile();
  return moduleRef.get(ScalekitPort);
}

describe('ScalekitModule', () => {
  it('provides the SDK-backed port when Scalekit is configured', async () => {
    const config = {
      environmentUrl: 'http://127.0.0.1:1',
      clientId: 'skc_1',
      clientSecret: 's',
      timeoutMs: 1000,
      redirectUri: 'http://a/cb',
      postLogoutRedirectUri: 'http://a/',
    };
    const port = await portWith(config);
    expect(port).toBeInstanceOf(ScalekitSdkService);
    expect(
      port.authorizationUrl({
        redirectUri: 'http://a/cb',
        state: 's',
        nonce: 'n',
        codeChallenge: 'c',
        scopes: ['openid'],
      }),
    ).toContain('http://127.0.0.1:1/oauth/authorize?');
  });

  it('without configuration, every method fails with ScalekitNotConfiguredError', async () => {
    const port = await portWith(undefined);
    expect(port).toBeInstanceOf(ScalekitNotConfiguredPort);
    expect(() =>
      port.authorizationUrl({
        redirectUri: '',
        state: '',
        nonce: '',
        codeChallenge: '',
        scopes: [],
      }),
    ).toThrow(ScalekitNotConfiguredError);
    expect(() => port.logoutUrl({ postLogoutRedirectUri: '' })).toThrow(ScalekitNotConfiguredError);
    const calls: Promise<unknown>[] = [
      port.exchangeCode('c', 'r', 'v'),
      port.refresh('r'),
      port.createClient('o', { name: 'n', scopes: [] }),
      port.listClients('o', {}),
      port.getClient('o', 'c'),
      port.updateClient('o', 'c', {}),
      port.deleteClient('o', 'c'),
      port.addSecret('o', 'c'),
      port.removeSecret('o', 'c', 's'),
    ];
    for (const call of calls) await expect(call).rejects.toBeInstanceOf(ScalekitNotConfiguredError);
  });
});
