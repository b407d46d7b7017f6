// The create-devops-stack command: argv → cli/create → exit code. Errors are one line on stderr: 1 when the
// target was refused (nothing written), 2 for usage, answers, I/O and internal errors.
import { main } from './create.js';

// `create-devops-stack --dry-run | head`: a closed pipe is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY) && !process.env.CI;

main(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  cwd: process.cwd(),
  interactive,
  env: process.env,
}).then(
  (code) => {
    process.exitCode = code;
  },
  async (e: unknown) => {
    const err = e as Error;
    const { errorKind } = await import('./create-errors.js');
    const { kind, code } = errorKind(e);
    process.stderr.write(`create-devops-stack: ${kind ? `${kind}: ` : ''}${String(err?.message ?? e).split('\n')[0]}\n`);
    if (process.env.DEVOPS_STACK_DEBUG && err?.stack) process.stderr.write(`${err.stack}\n`);
    process.exitCode = code;
  },
);
