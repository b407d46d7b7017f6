// The last resort of the rule time budget (time-budget.ts): something outside the main thread that
// sees it stuck in one rule call for `stopMs`, prints one line naming the rule and the file, and
// kills the process, so a hook fails with the reason instead of hanging forever.
//
// Two kinds, the same message:
// - a thread (a worker, here), reading the call in progress from shared memory: free per call, but
//   a worker boots a whole Node environment (≈ 90 ms of CPU), taken from the audit on 2 cores;
// - a process (/bin/sh, watchdog-process.ts) for short runs on POSIX systems.
import { SHARE_ENV, Worker } from 'node:worker_threads';
import { ProcessWatchdog, watchdogMessage } from './watchdog-process.js';

export interface Watchdog {
  /** The main thread starts a rule call (ids increase). */
  enter(id: number, rule: string, file: string): void;
  /** The main thread left the call (it returned, threw, or was abandoned). */
  leave(): void;
  /** The main thread is free (a timer tick). */
  beat(): void;
  /** The limit grows with the repository (time-budget.ts sizeFor). */
  setStopMs(ms: number): void;
  stop(): void;
}

export type WatchdogKind = 'thread' | 'process';

export function startWatchdog(kind: WatchdogKind, stopMs: number, pollMs: number, ruleIds: string[]): Watchdog | undefined {
  if (kind === 'process' && process.platform !== 'win32') {
    const w = ProcessWatchdog.start(stopMs);
    if (w) return w;
  }
  return ThreadWatchdog.start(stopMs, pollMs, ruleIds);
}

// The watchdog thread (CommonJS, run with eval: no file to resolve from src/ or dist/).
// shared: Int32 [call id, inside a call (0/1), main-thread heartbeat, rule index, path length,
// stopMs], then the UTF-8 path of the file being checked.
const WATCHDOG_THREAD = `
const { workerData } = require('node:worker_threads');
const s = new Int32Array(workerData.shared, 0, 6);
const pathBytes = new Uint8Array(workerData.shared, 24);
const { pollMs, ruleIds } = workerData;
const message = ${watchdogMessage.toString()};
let call = 0, since = 0, beat = -1, beatAt = Date.now();
setInterval(() => {
  const now = Date.now();
  const b = Atomics.load(s, 2);
  if (b !== beat) { beat = b; beatAt = now; }
  if (Atomics.load(s, 1) !== 1) { call = 0; return; }
  const c = Atomics.load(s, 0);
  if (c !== call) { call = c; since = now; return; }
  // Blocked: in the same call for the limit, and the main thread's heartbeat stopped meanwhile.
  const stopMs = Atomics.load(s, 5);
  if (now - since < stopMs || now - beatAt < Math.min(stopMs, 1000)) return;
  const rule = ruleIds[Atomics.load(s, 3)] || 'a rule';
  const file = Buffer.from(pathBytes.slice(0, Atomics.load(s, 4))).toString('utf8');
  require('node:fs').writeSync(2, message(rule, String(Math.round((now - since) / 1000)), JSON.stringify(file)) + '\\n');
  process.kill(process.pid, 'SIGKILL');
}, pollMs);
`;

const PATH_BYTES = 1024;

class ThreadWatchdog implements Watchdog {
  private readonly pathBytes: Uint8Array;
  private file?: string;
  private constructor(
    private readonly shared: Int32Array,
    private readonly ruleIndex: Map<string, number>,
    private readonly worker: Worker,
  ) {
    this.pathBytes = new Uint8Array(shared.buffer, 24, PATH_BYTES);
  }

  static start(stopMs: number, pollMs: number, ruleIds: string[]): ThreadWatchdog | undefined {
    const sab = new SharedArrayBuffer(24 + PATH_BYTES);
    const shared = new Int32Array(sab, 0, 6);
    Atomics.store(shared, 5, stopMs);
    let worker: Worker;
    try {
      // execArgv []: inherited flags (--input-type=module) would change how the CommonJS source
      // runs. It writes to fd 2 itself: no stdout/stderr streams relayed, no copy of the environment.
      worker = new Worker(WATCHDOG_THREAD, { eval: true, execArgv: [], env: SHARE_ENV, stdout: true, stderr: true, trackUnmanagedFds: false, workerData: { shared: sab, pollMs, ruleIds } });
    } catch {
      return undefined; // no threads: the soft budget still holds
    }
    worker.unref();
    worker.on('error', () => {});
    return new ThreadWatchdog(shared, new Map(ruleIds.map((id, i) => [id, i])), worker);
  }

  enter(id: number, rule: string, file: string): void {
    if (file !== this.file) {
      // The file's path, for the last-resort message (a path changes once per file, not per call).
      this.file = file;
      const { written } = new TextEncoder().encodeInto(file, this.pathBytes);
      Atomics.store(this.shared, 4, written);
    }
    Atomics.store(this.shared, 3, this.ruleIndex.get(rule) ?? -1);
    Atomics.store(this.shared, 0, id);
    Atomics.store(this.shared, 1, 1);
  }
  leave(): void {
    Atomics.store(this.shared, 1, 0);
  }
  beat(): void {
    Atomics.add(this.shared, 2, 1);
  }
  setStopMs(ms: number): void {
    Atomics.store(this.shared, 5, ms);
  }
  stop(): void {
    void this.worker.terminate();
  }
}

