// The devops-audit command: argv → cli/audit → exit code. Errors are one line on stderr, exit 2.
import { main } from './audit.js';
import { ConfigError, IoError, UsageError } from '../errors.js';

// The V8 flags are set by the launcher (cli/audit-launch.ts, dist/bin/devops-audit.js) before this
// bundle is compiled: the code cache is checked against them.

// `devops-audit -f json | head`: a reader that stops early is not an error (nor a stack trace).
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

/**
 * Ends the process once what was written to stdout and stderr is flushed (a pipe is asynchronous on
 * macOS): exiting outright skips Node's teardown (joining the watchdog thread, freeing the heap),
 * ≈ 30 ms of a pre-commit run. 'exit' handlers (the code cache's) still run.
 */
function exitWhenFlushed(code: number): void {
  process.exitCode = code;
  const pending = [process.stdout, process.stderr].filter((s) => s.writableLength > 0);
  if (!pending.length) process.exit(code);
  let left = pending.length;
  for (const s of pending) s.write('', () => --left === 0 && process.exit(code));
}

main(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  cwd: process.cwd(),
  isTTY: Boolean(process.stdout.isTTY),
  env: process.env,
}).then(
  (code) => exitWhenFlushed(code),
  (e: unknown) => {
    const err = e as Error;
    const kind = e instanceof UsageError ? 'usage error' : e instanceof ConfigError ? 'config error' : e instanceof IoError ? 'I/O error' : 'internal error';
    process.stderr.write(`devops-audit: ${kind}: ${String(err?.message ?? e).split('\n')[0]}\n`);
    if (process.env.DEVOPS_AUDIT_DEBUG && err.stack) process.stderr.write(`${err.stack}\n`);
    exitWhenFlushed(2);
  },
);
