/**
 * The dev server's arguments for task priority, which voie's polls rely on (they yield a provider's queue to its
 * creates). Server 1.32, the cluster's and the downloaded CLI's, matches by priority by default; Server 1.29.1, the
 * dev server of the CLI built from its Go module (see go-cli-build.ts), only with this setting. A plain boolean is
 * accepted by both, so every dev server gets it.
 */
export const PRIORITY_MATCHER = ['--dynamic-config-value', 'matching.useNewMatcher=true'];
