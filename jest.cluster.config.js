const base = require('./jest.config');

/**
 * `npm run test:cluster`: voie on a production-shaped cluster (Temporal built from the Go module on PostgreSQL,
 * every voie process its own), in files of its own so that `npm test` stays fast.
 */
/** @type {import('jest').Config} */
module.exports = {
  ...base,
  roots: ['<rootDir>/test/cluster'],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 600_000,
};
