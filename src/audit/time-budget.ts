// A time budget per rule call, so a rule that is slow or loops forever on a crafted file (a
// catastrophic regular expression, a cycle in a hand-made structure) cannot hang a pre-commit hook.
//
// - Soft: every call of a rule on a file is timed. One that takes longer than the budget
//   (`ruleTimeoutMs`, 10 s by default) throws after it returns, so the engine records a
//   `core/internal-error` naming the rule and the file, and the rule is skipped for the files left.
// - Async: a call whose promise is still pending at three times the budget (30 s at least:
//   `stopMs`) is abandoned (the
//   main thread is free, a timer sees it). The engine awaits it forever, so `run()` audits again,
//   that rule then reported on that file and skipped elsewhere.
// - Blocked: Node cannot interrupt synchronous code from its own thread, and interrupting it from
//   another (the inspector's Runtime.terminateExecution) corrupted Node's async-hook stack or left
//   the run hanging when tried. So a watchdog (watchdog.ts: a thread, or a small process for short
//   runs) that sees the main thread stuck in one rule call for `stopMs` prints one line naming
//   the rule and the file, and kills the process: a hook fails, with the reason, instead of
//   hanging forever.
//
// Rules are wrapped (`wrap`) rather than timed inside the engine, so the engine stays as it is.
import type { Rule, RuleContext } from './types.js';
import { startWatchdog, type Watchdog, type WatchdogKind } from './watchdog.js';

export const DEFAULT_RULE_TIMEOUT_MS = 10_000;
/**
 * A call still running at this multiple of the budget, and at least MIN_STOP_MS, is abandoned
 * (async) or stops the process: a slow call on a big file is reported, not killed.
 */
export const STOP_FACTOR = 3;
export const MIN_STOP_MS = 30_000;
/** The default budget's share per file of the repository (see sizeFor). */
export const PER_FILE_MS = 5;
/** When a call over `budgetMs` is abandoned or stops the process, unless given. */
const stopAfter = (budgetMs: number) => Math.max(budgetMs * STOP_FACTOR, MIN_STOP_MS);
/** Audits started again after abandoned calls before giving up (exit 2). */
const MAX_RESTARTS = 3;

const secs = (ms: number) => (ms < 1000 ? `${Math.round(ms)} ms` : `${ms >= 10_000 ? Math.round(ms / 1000) : Math.round(ms / 100) / 10} s`);

/** Thrown by `run()` when rule after rule had to be abandoned: an internal error (exit 2). */
export class RuleHangError extends Error {}

interface Call {
  id: number;
  rule: string;
  file: string;
  repo: object;
  started: number;
}

export class RuleTimeBudget {
  /** When a call still running is abandoned (async) or stops the process (blocked). */
  stopMs: number;
  /** Rules skipped for the rest of the run: they went over the budget. */
  private readonly over = new Set<string>();
  /** Rules abandoned, by the file they were stuck on. */
  private readonly stuck = new Map<string, string>();
  /** Repositories of runs that were abandoned: their late calls return at once. */
  private readonly dead = new WeakSet<object>();
  private current?: Call;
  private calls = 0;
  private ruleIds: string[] = [];
  private watchdog?: Watchdog;
  private adopted?: Watchdog;
  private timer?: NodeJS.Timeout;
  private trip?: (c: Call) => void;

  /**
   * `budgetMs` 0 disables the budget. `watchdog: false` keeps only the soft budget and the
   * abandoning of async calls (nothing that may kill the process); 'process' suits a short run
   * (watchdog.ts), 'thread' (the default) any.
   */
  constructor(
    public budgetMs: number = DEFAULT_RULE_TIMEOUT_MS,
    private readonly opts: { watchdog?: WatchdogKind | false; adopt?: Watchdog; pollMs?: number; stopMs?: number; perFileMs?: number } = {},
  ) {
    this.stopMs = opts.stopMs ?? stopAfter(budgetMs);
    this.baseMs = budgetMs;
  }
  private readonly baseMs: number;
  private sizedFor?: object;

  /**
   * With `perFileMs` (the default budget), the budget grows with the repository: the first rule to
   * ask for a repository-wide fact (every Terraform block, every script) pays for building it,
   * which takes longer the more files there are, and a repository rule reads them all.
   */
  private sizeFor(repo: { artifacts?: unknown[] }): void {
    if (!this.opts.perFileMs || this.sizedFor === repo) return;
    this.sizedFor = repo;
    this.budgetMs = Math.max(this.baseMs, (repo.artifacts?.length ?? 0) * this.opts.perFileMs);
    if (this.opts.stopMs === undefined) this.stopMs = stopAfter(this.budgetMs);
    this.watchdog?.setStopMs(this.stopMs);
  }

  /** The rules, each call timed against the budget. */
  wrap(rules: Rule[]): Rule[] {
    if (this.budgetMs <= 0) return rules;
    this.ruleIds = rules.map((r) => r.meta.id);
    return rules.map((rule) => ({ ...rule, check: (ctx: RuleContext) => this.call(rule, ctx) }));
  }

  /**
   * Run an audit (`runAudit` over wrapped rules). When a rule call had to be abandoned, the audit
   * is run again, that rule then reported on that file and skipped elsewhere.
   */
  async run<T>(audit: () => Promise<T>): Promise<T> {
    if (this.budgetMs <= 0) return audit();
    this.start();
    try {
      for (let restarts = 0; ; restarts++) {
        const stuck = new Promise<Call>((resolve) => (this.trip = resolve));
        const outcome = await Promise.race([audit().then((value) => ({ value })), stuck.then((call) => ({ call }))]);
        if ('value' in outcome) return outcome.value;
        const { call } = outcome;
        this.dead.add(call.repo);
        this.stuck.set(call.rule, call.file);
        if (restarts >= MAX_RESTARTS) throw new RuleHangError(`rule ${call.rule} ran for ${secs(this.stopMs)} on ${call.file} without finishing; ${restarts + 1} rules abandoned this way, giving up (see ruleTimeoutMs in docs/cli.md)`);
      }
    } finally {
      this.stop();
    }
  }

  private call(rule: Rule, ctx: RuleContext): void | Promise<void> {
    const id = rule.meta.id;
    const file = ctx.artifact?.path ?? '.';
    if (this.dead.has(ctx.repo)) throw new Error('abandoned run');
    const stuckOn = this.stuck.get(id);
    if (stuckOn !== undefined) {
      if (stuckOn !== file) return;
      throw new Error(`abandoned after ${secs(this.stopMs)} without finishing (budget ${secs(this.budgetMs)}, ruleTimeoutMs); skipped for the remaining files`);
    }
    if (this.over.has(id)) return;
    this.sizeFor(ctx.repo as unknown as { artifacts?: unknown[] });
    const call: Call = { id: ++this.calls, rule: id, file, repo: ctx.repo, started: performance.now() };
    this.enter(call);
    let result;
    try {
      result = rule.check(ctx);
    } catch (e) {
      this.leave(call);
      throw e;
    }
    if (result && typeof (result as Promise<void>).then === 'function') {
      return (result as Promise<void>).then(
        () => this.judge(call),
        (e) => {
          this.leave(call);
          throw e;
        },
      );
    }
    this.judge(call);
  }

  /** After a call returned: over the budget, the rule is reported here and skipped from now on. */
  private judge(call: Call): void {
    this.leave(call);
    if (this.dead.has(call.repo)) return;
    const ms = performance.now() - call.started;
    if (ms <= this.budgetMs) return;
    this.over.add(call.rule);
    throw new Error(`took ${secs(ms)}, over the ${secs(this.budgetMs)} budget (ruleTimeoutMs); skipped for the remaining files`);
  }

  private enter(call: Call): void {
    this.current = call;
    this.watchdog?.enter(call.id, call.rule, call.file);
  }

  private leave(call: Call): void {
    if (this.current?.id !== call.id) return;
    this.current = undefined;
    this.watchdog?.leave();
  }

  private stuckNow(): void {
    const call = this.current;
    if (!call || !this.trip) return;
    this.current = undefined;
    this.watchdog?.leave();
    const trip = this.trip;
    this.trip = undefined;
    trip(call);
  }

  private start(): void {
    const pollMs = this.opts.pollMs ?? Math.max(10, Math.min(250, Math.floor(this.stopMs / 4)));
    // `adopt`: a watchdog already running (staged-prefetch.ts), for the first run only.
    const adopted = this.opts.adopt && !this.adopted ? (this.adopted = this.opts.adopt) : undefined;
    adopted?.setStopMs(this.stopMs);
    if (this.opts.watchdog !== false) this.watchdog = adopted ?? startWatchdog(this.opts.watchdog ?? 'thread', this.stopMs, pollMs, this.ruleIds);
    // The heartbeat shows the watchdog that the main thread is free; the same tick abandons an
    // async call pending past the limit (the main thread is free then, nothing to stop).
    this.timer = setInterval(() => {
      this.watchdog?.beat();
      if (this.current && performance.now() - this.current.started >= this.stopMs) this.stuckNow();
    }, pollMs);
    this.timer.unref();
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.trip = undefined;
    this.watchdog?.stop();
    this.watchdog = undefined;
  }
}
