/** @type {import('jest').Config} */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // The cluster suite builds and starts a production-shaped cluster: `npm run test:cluster` (jest.cluster.config.js).
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/cluster/'],
  testTimeout: 120_000,
  // The Temporal native runtime keeps a handle open after teardown (sdk-typescript#928).
  forceExit: true,
  transform: { '^.+\\.ts$': ['ts-jest', {}] },
};
