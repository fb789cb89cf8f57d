import type { TestingModuleBuilder } from '@nestjs/testing';
import { AUTH_MODULE_OPTIONS } from '../auth.module-definition';
import type { AuthModuleOptions } from '../auth-options';
import type { TestIssuer } from './test-issuer';

/**
 * Points the app's AuthModule at `issuer`, whatever options the app gave it (its config, env,
 * `forRootAsync` factory): one line in a consumer's `Test.createTestingModule(...)` chain.
 *
 * @example
 * ```ts
 * const moduleRef = await useTestIssuer(Test.createTestingModule({ imports: [AppModule] }), issuer).compile();
 * ```
 */
export function useTestIssuer(
  builder: TestingModuleBuilder,
  issuer: TestIssuer,
  overrides: AuthModuleOptions = {},
): TestingModuleBuilder {
  return builder.overrideProvider(AUTH_MODULE_OPTIONS).useValue(issuer.authOptions(overrides));
}
