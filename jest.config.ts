import type { Config } from 'jest';

// SWC strips types only (tsc --noEmit in `npm test` does the type checking), which keeps
// the suite fast on two cores. NestJS 12, jose, fast-check and openid-client (with its
// oauth4webapi) ship ESM only; Jest on Node 20 cannot require() ESM, so those packages are
// transformed to CommonJS as well.
const swc: [string, Record<string, unknown>] = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      target: 'es2022',
      transform: { legacyDecorator: true, decoratorMetadata: true },
    },
    module: { type: 'commonjs' },
  },
];

const ESM_PACKAGES = ['jose', '@nestjs', 'fast-check', 'pure-rand', 'openid-client', 'oauth4webapi'];

const shared = {
  transform: { '^.+\\.(t|j|mj)s$': swc },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_PACKAGES.join('|')})/)`],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  testEnvironment: 'node',
};

const config: Config = {
  projects: [
    { ...shared, displayName: 'unit', rootDir: '<rootDir>', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    { ...shared, displayName: 'e2e', rootDir: '<rootDir>', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
  ],
  collectCoverageFrom: ['src/**/*.ts', '!src/**/*.spec.ts', '!src/main.ts'],
  coverageReporters: ['text-summary'],
  // `npm test` runs with --coverage: a floor for the whole service, a higher one for the auth core.
  coverageThreshold: {
    global: { branches: 80, functions: 90, lines: 90, statements: 90 },
    './src/auth/': { branches: 85, functions: 90, lines: 90, statements: 90 },
  },
};

export default config;
