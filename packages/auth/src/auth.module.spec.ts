import { Controller, Get, INestApplication, Logger, UseGuards } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AccessGuard } from './access.guard';
import { AuthModule } from './auth.module';
import { Scopes } from './decorators/scopes.decorator';
import { TestIssuer } from './testing/test-issuer';
import { useTestIssuer } from './testing/use-test-issuer';

@Controller()
class OpenByDefault {
  @Get('open')
  open(): string {
    return 'open';
  }

  @UseGuards(AccessGuard)
  @Scopes('read')
  @Get('guarded')
  guarded(): string {
    return 'guarded';
  }
}

describe('AuthModule', () => {
  let issuer: TestIssuer;
  beforeAll(async () => {
    Logger.overrideLogger(false);
    issuer = await TestIssuer.start();
  });
  afterAll(() => issuer.stop());

  async function appWith(
    global: boolean | undefined,
  ): Promise<{ app: INestApplication; url: string }> {
    const moduleRef = await useTestIssuer(
      Test.createTestingModule({
        imports: [AuthModule.forRoot({ issuer: 'https://unused', audiences: ['x'], global })],
        controllers: [OpenByDefault],
      }),
      issuer,
    ).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0, '127.0.0.1');
    return { app, url: (await app.getUrl()).replace('[::1]', '127.0.0.1') };
  }

  it('guards every route by default (global guard), with the options useTestIssuer put in', async () => {
    const { app, url } = await appWith(undefined);
    try {
      expect((await fetch(`${url}/open`)).status).toBe(401);
      const token = await issuer.mintClient({ scopes: ['read'] });
      const ok = await fetch(`${url}/open`, { headers: { authorization: `Bearer ${token}` } });
      expect(ok.status).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('with global: false, guards only where @UseGuards(AccessGuard) says', async () => {
    const { app, url } = await appWith(false);
    try {
      expect((await fetch(`${url}/open`)).status).toBe(200);
      const denied = await fetch(`${url}/guarded`);
      expect(denied.status).toBe(401);
      expect(denied.headers.get('www-authenticate')).toBe('Bearer realm="api"');
      const token = await issuer.mintClient({ scopes: ['read'] });
      const ok = await fetch(`${url}/guarded`, { headers: { authorization: `Bearer ${token}` } });
      expect(ok.status).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('refuses options that would weaken verification when the app starts', async () => {
    const moduleRef = Test.createTestingModule({
      imports: [
        AuthModule.forRoot({ issuer: 'https://i', audiences: ['a'], algorithms: ['HS256'] }),
      ],
    });
    await expect(moduleRef.compile()).rejects.toThrow(/unsupported algorithm/);
  });
});
