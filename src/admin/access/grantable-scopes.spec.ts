import { Controller, Get } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { AnyScope, Permissions, Scopes } from '@scalekit-nest/auth';
import { collectRouteRequirements } from '../../routes/route-requirements';
import { grantableScopesFrom } from './grantable-scopes';
import { OrganizationAccess } from './organization-access.decorator';

@Controller('widgets')
@Scopes('widgets:use')
class WidgetsController {
  @Get()
  @AnyScope('widgets:read', 'widgets:admin')
  list(): void {}

  @Get('settings')
  @Permissions('widgets:settings')
  settings(): void {}
}

@Controller('clients')
class ClientsController {
  @Get()
  @OrganizationAccess('read')
  list(): void {}

  @Get('x')
  @OrganizationAccess('write')
  change(): void {}
}

describe('grantableScopesFrom', () => {
  it('is every scope the routes of the app require, read from their metadata', async () => {
    const ref = await Test.createTestingModule({
      controllers: [WidgetsController, ClientsController],
    }).compile();
    const scopes = grantableScopesFrom(
      collectRouteRequirements(ref.get(ModulesContainer)).values(),
    );
    // Permissions are not scopes; api_clients:admin (the cross-organization one) is never in it.
    expect([...scopes].sort()).toEqual([
      'api_clients:read',
      'api_clients:write',
      'widgets:admin',
      'widgets:read',
      'widgets:use',
    ]);
    await ref.close();
  });
});
