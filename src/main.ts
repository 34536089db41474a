import { runCli } from './commands/cli';

// The exit code is set, never forced: `voie api`, `worker` and `dev` keep running after their command returns.
void runCli(process.argv.slice(2));
