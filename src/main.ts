import { runCli } from './commands/cli';

void runCli(process.argv.slice(2));
