import { Reflector } from '@nestjs/core';
import {
  AllPermissionsRequired,
  AnyPermission,
  AnyPermissionRequired,
  Permissions,
} from './permissions.decorator';
import { Public, PublicRoute } from './public.decorator';
import { AllScopesRequired, AnyScope, AnyScopeRequired, Scopes } from './scopes.decorator';

describe('access decorators', () => {
  const reflector = new Reflector();

  @Scopes('a:read')
  @AnyPermission('p:1', 'p:2')
  class Example {
    @Public()
    open(): void {}

    @Scopes('b', 'b', 'c')
    @AnyScope('x', 'y')
    @Permissions('p:3')
    closed(): void {}
  }

  it('store their values on the class and the handler', () => {
    expect(reflector.get(AllScopesRequired, Example)).toEqual(['a:read']);
    expect(reflector.get(AnyPermissionRequired, Example)).toEqual(['p:1', 'p:2']);
    expect(reflector.get(AllScopesRequired, Example.prototype.closed)).toEqual(['b', 'c']);
    expect(reflector.get(AnyScopeRequired, Example.prototype.closed)).toEqual(['x', 'y']);
    expect(reflector.get(AllPermissionsRequired, Example.prototype.closed)).toEqual(['p:3']);
    expect(reflector.get(PublicRoute, Example.prototype.open)).toBe(true);
    expect(reflector.get(PublicRoute, Example.prototype.closed)).toBeUndefined();
  });

  it('refuse an empty list or a value that is not a scope-token', () => {
    expect(() => Scopes()).toThrow('@Scopes() needs at least one value');
    expect(() => AnyScope('read deployments')).toThrow(TypeError);
    expect(() => Permissions('a"b')).toThrow(TypeError);
    expect(() => AnyPermission('a\\b')).toThrow(TypeError);
  });
});
