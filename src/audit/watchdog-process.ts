// The watchdog process (time-budget.ts, watchdog.ts): /bin/sh, reading the rule call in progress
// from a file the main thread rewrites at each call (a write per call: ≈ 2 µs, nothing for a hook's
// few hundred calls, too much for a large audit's millions). It costs a process start and ≈ 1 ms
// of CPU a second. Also started early by the launcher of a --staged run, after the git commands
// it runs first (repo/staged-prefetch.ts): one process start instead of two.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Watchdog } from './watchdog.js';

/** The last-resort line, the same from a thread or a process. */
export const watchdogMessage = (rule: string, secs: string, file: string) =>
  `devops-audit: internal error: rule ${rule} ran for ${secs} s on ${file} without finishing; process stopped (ignore the file or turn the rule off, and report it; ruleTimeoutMs in docs/cli.md)`;

// The state file holds `idle`, or `<call id> TAB <stop s> TAB <rule> TAB <"file">` while a call
// runs. The same call (the same text) for the limit, one second more so that the main thread's own
// timer abandons a pending async call first: message, then SIGKILL. It ends with the main process.
// `sleep` and `cat` get no stderr: a hook runner reads ours to its end.
/** The watchdog loop, in POSIX sh: `$1` the process to watch, `$2` the state file. */
export const WATCHDOG_SCRIPT = `
p=$1 f=$2 last= n=0
while kill -0 "$p" 2>/dev/null; do
  sleep 1 2>/dev/null
  s=$(cat "$f" 2>/dev/null) || break
  if [ "$s" != "$last" ]; then last=$s n=0; continue; fi
  case $s in idle*) continue;; esac
  n=$((n + 1))
  r=\${s#*\t}; stop=\${r%%\t*}; r=\${r#*\t}; rule=\${r%%\t*}; file=\${r#*\t}
  if [ "$n" -gt "$stop" ]; then
    printf '${watchdogMessage('%s', '%s', '%s')}\\n' "$rule" "$n" "$file" >&2
    kill -9 "$p"
    break
  fi
done
rm -f "$f"
`;

export class ProcessWatchdog implements Watchdog {
  private written = 0;
  private stopSecs: number;
  private file?: string;
  private quoted = '';
  private constructor(
    private readonly fd: number,
    private readonly path: string,
    readonly child: ChildProcess,
    stopMs: number,
  ) {
    this.stopSecs = Math.ceil(stopMs / 1000);
  }

  /**
   * Starts /bin/sh running `prelude` first, its standard output piped to us when `output` (closed
   * by the prelude's end), then the watchdog loop. Undefined when it cannot be started.
   */
  static start(stopMs: number, prelude = '', output = false): ProcessWatchdog | undefined {
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
      child = spawn('/bin/sh', ['-c', `${prelude}\n${WATCHDOG_SCRIPT}`, 'devops-audit-watchdog', String(process.pid), path], { stdio: ['ignore', output ? 'pipe' : 'ignore', 'inherit'] });
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
    try {
      writeSync(this.fd, text, 0, text.length, 0);
      this.written = text.length;
    } catch {
      this.stop(); // the temporary directory failed us: the run goes on without the last resort
    }
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
