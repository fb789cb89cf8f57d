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

const ESM_PACKAGES = [
  'jose',
  '@nestjs',
  'fast-check',
  'pure-rand',
  'openid-client',
  'oauth4webapi',
  // Swagger UI's files are served by @fastify/static, which imports the ESM-only
  // content-disposition; mercurius (an example) imports the ESM-only quick-lru dynamically.
  '@fastify/static',
  'content-disposition',
  'mercurius',
  'quick-lru',
];

const shared = {
  transform: { '^.+\\.(t|j|mj)s$': swc },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_PACKAGES.join('|')})/)`],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  testEnvironment: 'node',
};

// The service and the package's own tests run against the package's sources (so coverage and
// stack traces point at them); the examples install it as a user would and load its build.
const fromSource = {
  '^@scalekit-nest/auth$': '<rootDir>/packages/auth/src/index.ts',
  '^@scalekit-nest/auth/(testing|passport)$': '<rootDir>/packages/auth/src/$1/index.ts',
};

const config: Config = {
  projects: [
    {
      ...shared,
      displayName: 'unit',
      rootDir: '<rootDir>',
      moduleNameMapper: fromSource,
      testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/packages/*/src/**/*.spec.ts'],
    },
    {
      ...shared,
      displayName: 'e2e',
      rootDir: '<rootDir>',
      moduleNameMapper: fromSource,
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts', '<rootDir>/packages/*/test/**/*.e2e-spec.ts'],
    },
    {
      ...shared,
      displayName: 'examples',
      rootDir: '<rootDir>',
      testMatch: ['<rootDir>/examples/*/test/**/*.e2e-spec.ts'],
    },
  ],
  collectCoverageFrom: [
    'src/**/*.ts',
    'packages/auth/src/**/*.ts',
    '!**/*.spec.ts',
    '!src/main.ts',
  ],
  coverageReporters: ['text-summary'],
  // `npm test` runs with --coverage: a floor for the whole service, a higher one for the auth core.
  coverageThreshold: {
    global: { branches: 80, functions: 90, lines: 90, statements: 90 },
    './packages/auth/src/': { branches: 85, functions: 90, lines: 90, statements: 90 },
  },
};

export default config;
