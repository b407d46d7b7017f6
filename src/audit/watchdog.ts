// The last resort of the rule time budget (time-budget.ts): something outside the main thread that
// sees it stuck in one rule call for `stopMs`, prints one line naming the rule and the file, and
// kills the process, so a hook fails with the reason instead of hanging forever.
//
// Two kinds, the same message:
// - a thread (a worker), reading the call in progress from shared memory: free per call, but a
//   worker boots a whole Node environment (≈ 90 ms of CPU), taken from the audit on 2 cores;
// - a process (/bin/sh, for short runs on POSIX systems), reading the call in progress from a file
//   the main thread rewrites at each call (a write per call: ≈ 2 µs, nothing for a hook's few
//   hundred calls, too much for a large audit's millions). It costs a process start and ≈ 1 ms of
//   CPU a second.
import { spawn } from 'node:child_process';
import { closeSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SHARE_ENV, Worker } from 'node:worker_threads';

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

const message = (rule: string, secs: string, file: string) =>
  `devops-audit: internal error: rule ${rule} ran for ${secs} s on ${file} without finishing; process stopped (ignore the file or turn the rule off, and report it; ruleTimeoutMs in docs/cli.md)`;

// ---- thread ----

// The watchdog thread (CommonJS, run with eval: no file to resolve from src/ or dist/).
// shared: Int32 [call id, inside a call (0/1), main-thread heartbeat, rule index, path length,
// stopMs], then the UTF-8 path of the file being checked.
const WATCHDOG_THREAD = `
const { workerData } = require('node:worker_threads');
const s = new Int32Array(workerData.shared, 0, 6);
const pathBytes = new Uint8Array(workerData.shared, 24);
const { pollMs, ruleIds } = workerData;
const message = ${message.toString()};
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

// ---- process ----

// The state file holds `idle`, or `<call id> TAB <stop s> TAB <rule> TAB <"file">` while a call
// runs. The same call (the same text) for the limit, one second more so that the main thread's own
// timer abandons a pending async call first: message, then SIGKILL. It ends with the main process.
// `sleep` and `cat` get no stderr: a hook runner reads ours to its end.
const WATCHDOG_PROCESS = `
p=$1 f=$2 last= n=0
while kill -0 "$p" 2>/dev/null; do
  sleep 1 2>/dev/null
  s=$(cat "$f" 2>/dev/null) || break
  if [ "$s" != "$last" ]; then last=$s n=0; continue; fi
  case $s in idle*) continue;; esac
  n=$((n + 1))
  r=\${s#*\t}; stop=\${r%%\t*}; r=\${r#*\t}; rule=\${r%%\t*}; file=\${r#*\t}
  if [ "$n" -gt "$stop" ]; then
    printf '${message('%s', '%s', '%s')}\\n' "$rule" "$n" "$file" >&2
    kill -9 "$p"
    break
  fi
done
rm -f "$f"
`;

class ProcessWatchdog implements Watchdog {
  private written = 0;
  private stopSecs: number;
  private file?: string;
  private quoted = '';
  private constructor(
    private readonly fd: number,
    private readonly path: string,
    private readonly child: import('node:child_process').ChildProcess,
    stopMs: number,
  ) {
    this.stopSecs = Math.ceil(stopMs / 1000);
  }

  static start(stopMs: number): ProcessWatchdog | undefined {
    // Exclusive creation (O_EXCL): a name planted in the temporary directory fails here, not followed.
    const path = join(tmpdir(), `devops-audit-watchdog-${process.pid}-${Math.random().toString(36).slice(2)}`);
    let fd: number;
    try {
      fd = openSync(path, 'wx', 0o600);
    } catch {
      return undefined;
    }
    let child;
    try {
      child = spawn('/bin/sh', ['-c', WATCHDOG_PROCESS, 'devops-audit-watchdog', String(process.pid), path], { stdio: ['ignore', 'ignore', 'inherit'] });
    } catch {
      closeSync(fd);
      unlinkSync(path);
      return undefined;
    }
    child.unref();
    const w = new ProcessWatchdog(fd, path, child, stopMs);
    w.put('idle');
    // No /bin/sh: the error comes later, and the run goes on without the last resort.
    child.on('error', () => w.stop());
    process.once('exit', () => w.stop());
    return w;
  }

  /** Overwrites the state in place, newline-padded over a longer previous one (`$(cat)` drops trailing newlines). */
  private put(state: string): void {
    if (this.written < 0) return; // stopped: the descriptor may belong to another file by now
    let text = Buffer.from(state, 'utf8');
    if (text.length < this.written) text = Buffer.concat([text, Buffer.alloc(this.written - text.length, 0x0a)]);
    writeSync(this.fd, text, 0, text.length, 0);
    this.written = text.length;
  }

  enter(id: number, rule: string, file: string): void {
    if (file !== this.file) {
      this.file = file;
      this.quoted = JSON.stringify(file);
    }
    this.put(`${id}\t${this.stopSecs}\t${rule}\t${this.quoted}`);
  }
  leave(): void {
    this.put('idle');
  }
  beat(): void {}
  setStopMs(ms: number): void {
    this.stopSecs = Math.ceil(ms / 1000);
  }
  stop(): void {
    if (this.written < 0) return;
    this.written = -1;
    this.child.kill('SIGKILL');
    try {
      closeSync(this.fd);
      unlinkSync(this.path);
    } catch {
      /* already gone */
    }
  }
}
