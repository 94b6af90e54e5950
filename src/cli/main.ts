/** Entry point of the `strict-redis` command (see `strict-redis --help`). */
import { run } from './commands.js';

// Output piped into `head` closes early; that is no failure of the command.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`strict-redis: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
