/**
 * `npm test`: the tiers named by what they need. `test/pure` has no I/O (no server, no network, no process);
 * `test/provider` starts local HTTP servers (a provider client against its simulator, voie's API without Temporal);
 * `test/workflow` runs workflows on a Temporal server (with or without the API); `test/system` runs voie whole
 * (`voie dev`, the CLI, the production build). The cluster suite builds and starts a production-shaped cluster:
 * `npm run test:cluster` (jest.cluster.config.js).
 */
/** @type {import('jest').Config} */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/test/pure', '<rootDir>/test/provider', '<rootDir>/test/workflow', '<rootDir>/test/system'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 120_000,
  // The Temporal native runtime keeps a handle open after teardown (sdk-typescript#928).
  forceExit: true,
  transform: {
    '^.+\\.ts$': ['ts-jest', {}],
    // The OTLP exporter loads `http` with a dynamic `import()`, which jest's module system refuses without
    // --experimental-vm-modules: compiled to CommonJS it becomes a `require`.
    'otlp-exporter-base/.+\\.js$': ['ts-jest', { tsconfig: { allowJs: true, module: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!@opentelemetry/otlp-exporter-base/)'],
  // vega and vega-lite are ES modules, which jest's CommonJS module system cannot `require`: the bench's charts
  // (bench/charts.ts) load the same versions' CommonJS bundles here.
  moduleNameMapper: {
    '^vega$': '<rootDir>/node_modules/vega/build/vega.js',
    '^vega-lite$': '<rootDir>/node_modules/vega-lite/build/vega-lite.min.js',
  },
};
