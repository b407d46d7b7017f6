// `devops-audit --staged` asks git for the staged files before its bundle is even loaded: the
// launcher (cli/audit-launch.ts) starts one /bin/sh that runs `git rev-parse --show-toplevel` and
// `git diff --cached --raw` while the bundle is read and compiled, then stays on as the run's
// watchdog process (audit/watchdog-process.ts). On the bench's VMs a process costs ≈ 6 ms of the
// main thread to start and git ≈ 12 ms to answer: both were on the run's critical path.
//
// The answer is used only when it is the one the command would get itself: same working directory,
// and git's top level the one the command finds for the audited directory (`--staged <dir>` may
// name another repository). Anything else, or git failing, and the command asks git as before.
import { realpathSync } from 'node:fs';
import { ProcessWatchdog } from '../audit/watchdog-process.js';
import type { Watchdog } from '../audit/watchdog.js';
import { processSlot } from '../process-slot.js';
import { STAGED_DIFF } from './sources.js';

export interface StagedAnswer {
  /** git's top level, as a real path. */
  top: string;
  /** `git diff --cached --raw -z --no-abbrev --diff-filter=ACMR` run at that top level. */
  raw: Buffer;
}

interface Prefetch {
  cwd: string;
  answer: Promise<StagedAnswer | undefined>;
  watchdog: Watchdog;
}

/** Set by the launcher's bundle, taken by the command's. */
const PREFETCH = processSlot<Prefetch>('staged-prefetch');

/** Ends git's answer when both commands succeeded. */
const MARKER = 'devops-audit:ok';
const OK = `\0${MARKER}\0`;
// diff.relative off: paths from the top level whatever the configuration says, as stagedPaths asks.
const PRELUDE = `
if top=$(git rev-parse --show-toplevel 2>/dev/null); then
  printf '%s\\0' "$top"
  git -c diff.relative=false ${STAGED_DIFF.join(' ')} 2>/dev/null && printf '\\0${MARKER}\\0'
fi
exec >/dev/null
`;

/** Launcher: start git (and the watchdog process) for a --staged run. POSIX systems only. */
export function prefetchStaged(): void {
  if (process.platform === 'win32') return;
  const w = ProcessWatchdog.start(30_000, PRELUDE, true);
  if (!w) return;
  const answer = new Promise<StagedAnswer | undefined>((resolve) => {
    const chunks: Buffer[] = [];
    w.child.stdout!.on('data', (c: Buffer) => chunks.push(c));
    w.child.stdout!.on('end', () => resolve(parse(Buffer.concat(chunks))));
    w.child.stdout!.on('error', () => resolve(undefined));
    w.child.on('error', () => resolve(undefined));
  });
  PREFETCH.set({ cwd: process.cwd(), answer, watchdog: w });
}

function parse(out: Buffer): StagedAnswer | undefined {
  const nul = out.indexOf(0);
  if (nul < 0 || !out.subarray(out.length - OK.length).equals(Buffer.from(OK))) return undefined;
  try {
    return { top: realpathSync(out.subarray(0, nul).toString('utf8')), raw: out.subarray(nul + 1, out.length - OK.length) };
  } catch {
    return undefined;
  }
}

/**
 * Command: what the launcher started, taken once. `answer` resolves to git's answer when it holds
 * for `top` (the command's own top level) from `cwd`; the watchdog is the caller's to use or stop.
 */
export function takeStagedPrefetch(cwd: string, top: string): { answer: Promise<StagedAnswer | undefined>; watchdog: Watchdog } | undefined {
  const p = PREFETCH.get();
  PREFETCH.set(undefined);
  if (!p) return undefined;
  const answer = p.cwd === cwd ? p.answer.then((a) => (a?.top === top ? a : undefined)) : Promise.resolve(undefined);
  return { answer, watchdog: p.watchdog };
}
