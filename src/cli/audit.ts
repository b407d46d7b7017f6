// `devops-audit [dir|files…]`: argv → config → engine → reporters → exit code.
// Exit codes (DESIGN.md): 0 gate passed, 1 gate failed, 2 usage/config/internal error.
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import type { AuditConfig } from '../audit/config.js';
import { ConfigError, IoError, UsageError } from '../errors.js';
import { SEVERITIES, type Severity } from '../audit/types.js';
import { SHORT_RUN_FILES, setShortRun } from '../v8-flags.js';
import { VERSION } from '../version.js';

export { UsageError };

export const HELP = `Usage: devops-audit [options] [dir | files…]
       devops-audit init [dir] [--preset recommended|strict] [--hooks pre-commit|husky|lefthook]

Audit a repository against the CI/CD, infrastructure, monitoring, security, containers,
delivery and operations checklists. With no argument, audits the current directory.

Output
  -f, --format <fmt[:file]>   stylish (default), json, sarif, junit, markdown, github, gitlab.
                              Repeat for several outputs: -f stylish -f sarif:results.sarif
  -q, --quiet                 findings only, no checklist view
      --no-color              never colour (also NO_COLOR=1); colour is used only on a TTY

Gate
      --fail-on <severity>    critical | high (default) | medium | low | info | none
      --max-findings <n>      also fail when more than n unsuppressed findings remain
      --require <item>        fail unless a checklist item (or whole checklist) passes; repeatable

Selection
  -c, --config <file>         config file (default: .devops-audit.yaml in the audited dir)
      --preset <name>         recommended (default) | strict
      --rule <id>             run only this rule; repeatable
      --checklist <id>        only these checklists; repeatable
      --staged                audit the files staged in git (their staged content); with a
                              dir, only the staged files under it (default: the current dir)

Fixes
      --fix                   apply the certain fixes (pin actions, add permissions, ADD→COPY …)
      --fix-dry-run           print the fixes as a unified diff, change nothing

Baseline
      --baseline <file>       report only findings not recorded in this baseline
      --write-baseline <file> record today's findings and exit 0

Information
      --list-rules            list every rule with its checklist item and severity
      --explain <rule-id>     print a rule's documentation with its examples
  -v, --version               print the version
  -h, --help                  print this help

Exit codes: 0 gate passed, 1 gate failed, 2 usage error, invalid config or internal error.
Docs: docs/cli.md, docs/rules/`;

export interface ParsedArgs {
  targets: string[];
  formats: Array<{ format: string; file?: string }>;
  quiet: boolean;
  color: boolean | undefined;
  failOn?: Severity | 'none';
  maxFindings?: number;
  require: string[];
  config?: string;
  preset?: 'recommended' | 'strict';
  rules: string[];
  checklists: string[];
  staged: boolean;
  baseline?: string;
  writeBaseline?: string;
  listRules: boolean;
  explain?: string;
  fix: boolean;
  fixDryRun: boolean;
  version: boolean;
  help: boolean;
}

export function parseAuditArgs(argv: string[]): ParsedArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', short: 'f', multiple: true },
        quiet: { type: 'boolean', short: 'q' },
        color: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        'fail-on': { type: 'string' },
        'max-findings': { type: 'string' },
        require: { type: 'string', multiple: true },
        config: { type: 'string', short: 'c' },
        preset: { type: 'string' },
        rule: { type: 'string', multiple: true },
        checklist: { type: 'string', multiple: true },
        staged: { type: 'boolean' },
        baseline: { type: 'string' },
        'write-baseline': { type: 'string' },
        'list-rules': { type: 'boolean' },
        fix: { type: 'boolean' },
        'fix-dry-run': { type: 'boolean' },
        explain: { type: 'string' },
        version: { type: 'boolean', short: 'v' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0]);
  }
  const v = parsed.values;
  const formats = (v.format ?? ['stylish']).map((f) => {
    const i = f.indexOf(':');
    return i > 0 ? { format: f.slice(0, i), file: f.slice(i + 1) } : { format: f };
  });
  const known = ['stylish', 'json', 'sarif', 'junit', 'markdown', 'github', 'gitlab'];
  for (const f of formats) if (!known.includes(f.format)) throw new UsageError(`unknown format "${f.format}" (expected one of ${known.join(', ')})`);
  if (formats.filter((f) => !f.file).length > 1) throw new UsageError('only one format can go to stdout; give the others a file: -f sarif:results.sarif');
  const failOn = v['fail-on'];
  if (failOn !== undefined && failOn !== 'none' && !(SEVERITIES as readonly string[]).includes(failOn)) {
    throw new UsageError(`--fail-on must be one of ${SEVERITIES.join(', ')}, none (got "${failOn}")`);
  }
  let maxFindings: number | undefined;
  if (v['max-findings'] !== undefined) {
    maxFindings = Number(v['max-findings']);
    if (!Number.isInteger(maxFindings) || maxFindings < 0) throw new UsageError(`--max-findings must be a whole number (got "${v['max-findings']}")`);
  }
  if ((v.fix || v['fix-dry-run']) && v.staged) throw new UsageError('--fix cannot be combined with --staged (it would edit the working tree, not the index)');
  if (v.preset !== undefined && v.preset !== 'recommended' && v.preset !== 'strict') throw new UsageError(`--preset must be recommended or strict (got "${v.preset}")`);
  return {
    targets: parsed.positionals,
    formats,
    quiet: Boolean(v.quiet),
    color: v['no-color'] ? false : v.color,
    failOn: failOn as Severity | 'none' | undefined,
    maxFindings,
    require: v.require ?? [],
    config: v.config,
    preset: v.preset as ParsedArgs['preset'],
    rules: v.rule ?? [],
    checklists: v.checklist ?? [],
    staged: Boolean(v.staged),
    baseline: v.baseline,
    writeBaseline: v['write-baseline'],
    listRules: Boolean(v['list-rules']),
    fix: Boolean(v.fix),
    fixDryRun: Boolean(v['fix-dry-run']),
    explain: v.explain,
    version: Boolean(v.version),
    help: Boolean(v.help),
  };
}

interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
}

/** Decide root and file list from positionals: one directory, or a list of files (partial run). */
function resolveTargets(args: ParsedArgs, cwd: string): { root: string; files?: string[] } {
  if (args.staged) {
    // The staged files under one directory (default: the current one); main() asks git for them.
    if (args.targets.length > 1) throw new UsageError('--staged takes at most one directory (it audits the staged files under it)');
    const t = args.targets[0];
    const root = resolve(cwd, t ?? '.');
    if (t !== undefined && !existsSync(root)) throw new UsageError(`no such directory: ${t}`);
    if (t !== undefined && !statSync(root).isDirectory()) throw new UsageError(`--staged takes a directory, not a file (${t}); it audits the staged files under it`);
    return { root, files: [] };
  }
  if (args.targets.length === 0) return { root: cwd };
  if (args.targets.length === 1) {
    const t = resolve(cwd, args.targets[0]);
    if (!existsSync(t)) throw new UsageError(`no such file or directory: ${args.targets[0]}`);
    if (statSync(t).isDirectory()) return { root: t };
  }
  const files: string[] = [];
  for (const t of args.targets) {
    const abs = resolve(cwd, t);
    if (!existsSync(abs)) throw new UsageError(`no such file or directory: ${t}`);
    if (statSync(abs).isDirectory()) throw new UsageError(`give either one directory or a list of files (${t} is a directory)`);
    const rel = relative(cwd, abs);
    if (rel.startsWith('..')) throw new UsageError(`${t} is outside the current directory`);
    files.push(rel.split(sep).join('/'));
  }
  return { root: cwd, files };
}

async function buildConfig(args: ParsedArgs, root: string, cwd: string): Promise<AuditConfig> {
  const { defaultConfig, findConfig, loadConfig } = await import('../audit/config.js');
  let config = defaultConfig();
  const file = args.config ? resolve(cwd, args.config) : findConfig(root);
  if (args.config && !existsSync(file!)) throw new ConfigError(`config file not found: ${args.config}`);
  if (file) config = loadConfig(file, relative(cwd, file) || file);
  if (args.preset) config.preset = args.preset;
  if (config.preset === 'strict' && !config.failOn) config.failOn = 'medium';
  if (args.failOn) config.failOn = args.failOn;
  if (args.maxFindings !== undefined) config.maxFindings = args.maxFindings;
  if (args.require.length) config.require = [...config.require, ...args.require];
  if (args.checklists.length) config.checklists = args.checklists;
  if (args.baseline) config.baseline = args.baseline;
  // A required item that does not exist would never fail: the gate would pass silently.
  const { CHECKLISTS, isKnownItem } = await import('../audit/checklists.js');
  const lists = new Set(CHECKLISTS.map((c) => c.id));
  for (const r of config.require) if (!lists.has(r) && !isKnownItem(r)) throw new ConfigError(`unknown checklist item "${r}" in ${args.require.includes(r) ? '--require' : `${config.file ?? 'config'} "require"`} (see --help and docs/cli.md)`);
  for (const c of config.checklists ?? []) if (!lists.has(c)) throw new ConfigError(`unknown checklist "${c}" (expected one of ${[...lists].join(', ')})`);
  return config;
}

function readBaseline(path: string): Set<string> {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ConfigError(code === 'ENOENT' ? `baseline not found: ${path} (create it with --write-baseline ${path})` : code ? `cannot read baseline ${path} (${code})` : `baseline ${path} is not valid JSON`);
  }
  const list = (data as { findings?: Array<{ fingerprint?: unknown }> }).findings;
  if (!Array.isArray(list)) throw new ConfigError(`baseline ${path} has no "findings" array`);
  return new Set(list.map((f) => String(f.fingerprint)));
}

export async function main(argv: string[], io: Io): Promise<number> {
  if (argv[0] === 'init') {
    const { runInit } = await import('./init.js');
    return runInit(argv.slice(1), io.cwd, io.stdout);
  }
  const args = parseAuditArgs(argv);
  if (args.help) {
    io.stdout(`${HELP}\n`);
    return 0;
  }
  if (args.version) {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  const { loadRules } = await import('../audit/load-rules.js');
  // Built: metadata from the rule index, each module imported when its rule first runs (a hook run
  // needs a few); from sources, or with --explain (which prints the examples), every module.
  const { indexedRules } = await import('../audit/rule-index.js');
  const allRules = (!args.explain && indexedRules()) || (await loadRules());
  if (args.listRules) {
    for (const r of allRules) io.stdout(`${r.meta.id.padEnd(48)} ${r.meta.severity.padEnd(8)} ${r.meta.checklistItem}\n`);
    return 0;
  }
  if (args.explain) {
    const rule = allRules.find((r) => r.meta.id === args.explain);
    if (!rule) throw new UsageError(`unknown rule "${args.explain}" (see --list-rules)`);
    const { ruleDoc } = await import('../audit/rule-docs.js');
    io.stdout(ruleDoc(rule));
    return 0;
  }
  for (const id of args.rules) if (!allRules.some((r) => r.meta.id === id)) throw new UsageError(`unknown rule "${id}" (see --list-rules)`);

  const { root, files: explicit } = resolveTargets(args, io.cwd);
  const config = await buildConfig(args, root, io.cwd);
  for (const id of Object.keys(config.rules)) {
    if (!allRules.some((r) => r.meta.id === id)) throw new ConfigError(`${config.file ?? 'config'}: unknown rule "${id}" in "rules"`);
  }
  // Waived checklist items: their rules are off now, their status n/a after the audit.
  const { applyWaivers, prepareWaivers } = await import('../audit/waive.js');
  prepareWaivers(config, allRules);
  let files = explicit;
  let source: import('../repo/sources.js').FileSource | undefined;
  let base: import('../repo/git.js').SourceRoot | undefined;
  let prefetched: ReturnType<typeof import('../repo/staged-prefetch.js').takeStagedPrefetch>;
  if (args.staged) {
    // Staged files under the audited dir, from any working directory inside the repository (and
    // inside a hook, whose GIT_INDEX_FILE is relative to the top level).
    const { GitIndexSource } = await import('../repo/sources.js');
    const { gitEnv, gitTopLevel, inside } = await import('../repo/git.js');
    const env = gitEnv(io.cwd, io.env);
    const top = gitTopLevel(root, env);
    const prefix = top === undefined ? undefined : inside(top, root);
    if (top === undefined || prefix === undefined) throw new UsageError(`--staged needs a git repository: ${relative(io.cwd, root) || '.'} is not inside one`);
    const index = new GitIndexSource(top, prefix, env);
    // The launcher asked git already, while this bundle loaded (staged-prefetch.ts).
    const { takeStagedPrefetch } = await import('../repo/staged-prefetch.js');
    prefetched = takeStagedPrefetch(io.cwd, top);
    const early = await prefetched?.answer;
    try {
      files = early ? index.stagedFrom(early.raw) : index.stagedPaths();
    } catch (e) {
      throw new UsageError(`--staged: git cannot list the staged files (${String((e as { stderr?: Buffer }).stderr ?? (e as Error).message).trim().split('\n')[0]})`);
    }
    index.prefetch(files);
    source = index;
    base = { dir: top, prefix, kind: 'git' };
  }
  // A hook's few files: no optimising compiler (v8-flags.ts), a watchdog process (watchdog.ts).
  const short = files !== undefined && files.length <= SHORT_RUN_FILES;
  setShortRun(short);
  const baseline = config.baseline && !args.writeBaseline ? readBaseline(resolve(root, config.baseline)) : undefined;
  const { runAudit } = await import('../audit/engine.js');
  // Each rule call on a file is timed: a rule over `ruleTimeoutMs` is reported and skipped, one
  // stuck at three times that is interrupted, so a crafted file cannot hang a hook (time-budget.ts).
  // Too many stuck rules end the run as an internal error (exit 2).
  const { DEFAULT_RULE_TIMEOUT_MS, PER_FILE_MS, RuleTimeBudget } = await import('../audit/time-budget.js');
  // An explicit ruleTimeoutMs is per call; the default also grows with the repository (5 ms a file).
  // A short run's watchdog is a process: the one the launcher started for --staged, if any.
  const watchdog = short ? 'process' : 'thread';
  const adopt = short ? prefetched?.watchdog : undefined;
  if (!short) prefetched?.watchdog.stop(); // a long run's is a thread
  const budget = config.ruleTimeoutMs !== undefined ? new RuleTimeBudget(config.ruleTimeoutMs, { watchdog, adopt }) : new RuleTimeBudget(DEFAULT_RULE_TIMEOUT_MS, { perFileMs: PER_FILE_MS, watchdog, adopt });
  const rules = budget.wrap(allRules);
  const budgeted = <T>(audit: () => Promise<T>): Promise<T> => budget.run(audit);
  // DEVOPS_AUDIT_TIMING=1: where the time went, per rule (like ESLint's TIMING), on stderr.
  const timing = io.env.DEVOPS_AUDIT_TIMING ? new Map<string, number>() : undefined;
  const auditOnce = () => budgeted(() => (timing?.clear(), runAudit({ root, config, rules, files, source, only: args.rules, baseline, timing, onPhase: timing && memoryAt(io.stderr) })));
  let { report, evidence } = await auditOnce();
  if (timing) printTiming(timing, Number(io.env.DEVOPS_AUDIT_TIMING) || 15, io.stderr);
  if (args.fix || args.fixDryRun) {
    // Later passes audit the fixed text in memory (fixes that waited on another land then).
    const again = async (over: import('../repo/sources.js').FileSource) => (await budgeted(() => runAudit({ root, config, rules, files, source: over, only: args.rules, baseline }))).report.findings;
    const changed = await fixFiles(root, report.findings, again, args.fixDryRun, io);
    if (changed && args.fix) ({ report, evidence } = await auditOnce());
  }
  applyWaivers(report, config.waive);
  report.root = relative(io.cwd, root) || '.';

  if (args.writeBaseline) {
    const path = resolve(io.cwd, args.writeBaseline);
    const entries = report.findings.filter((f) => !f.suppressed).map((f) => ({ fingerprint: f.fingerprint, ruleId: f.ruleId, file: f.file, line: f.line, message: f.message }));
    writeOutput(path, args.writeBaseline, `${JSON.stringify({ tool: 'devops-audit', version: VERSION, createdAt: new Date().toISOString(), findings: entries }, null, 2)}\n`);
    io.stderr(`devops-audit: wrote ${entries.length} findings to ${args.writeBaseline}; audit with --baseline ${args.writeBaseline} (or "baseline:" in the config) to report only new ones\n`);
    return 0;
  }

  const { loadReporter } = await import('../report/index.js');
  const color = args.color ?? (io.isTTY && !io.env.NO_COLOR && io.env.TERM !== 'dumb');
  const ran = new Set(report.rules.map((r) => r.id));
  // SARIF, GitHub annotations and GitLab Code Quality are read by code hosts, which resolve paths
  // against the repository root: find it (one git call) only when one of them is asked for.
  if (!base && args.formats.some((f) => REPO_RELATIVE.includes(f.format))) base = (await import('../repo/git.js')).sourceRoot(root, io.cwd, io.env);
  const ctx = { color, rules: allRules.filter((r) => ran.has(r.meta.id)), evidence, quiet: args.quiet, sourceRoot: base };
  // Files first, stdout last: a report file that cannot be written stops the run before anything
  // is printed, so stdout never holds half of a failed run.
  let toStdout: string | undefined;
  for (const f of args.formats) {
    const render = await loadReporter(f.format as never);
    const text = render(report, { ...ctx, color: f.file ? false : ctx.color });
    if (f.file) writeOutput(resolve(io.cwd, f.file), f.file, text);
    else toStdout = text;
  }
  if (toStdout !== undefined) io.stdout(toStdout);
  return report.summary.passed ? 0 : 1;
}

/** Formats whose paths are relative to the repository root rather than the audited directory. */
const REPO_RELATIVE = ['sarif', 'github', 'gitlab'];

/** Write a report or baseline file (creating its directory); a failure is one line naming the file. */
function writeOutput(path: string, shown: string, text: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  } catch (e) {
    throw new IoError(`cannot write ${shown}: ${ioReason(e)}`);
  }
}

/** An fs error in a few words. */
function ioReason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err.code === 'EEXIST' || err.code === 'ENOTDIR') return 'a parent is not a directory';
  if (err.code === 'EACCES' || err.code === 'EPERM') return 'permission denied';
  if (err.code === 'ENOSPC') return 'no space left on device';
  if (err.code === 'EROFS') return 'read-only file system';
  return err.code ?? String(err?.message ?? e).split('\n')[0];
}

/** DEVOPS_AUDIT_TIMING: the heap still in use (after a full collection when --expose-gc) at the end of each phase. */
function memoryAt(out: (s: string) => void): (phase: string) => void {
  return (phase) => {
    (globalThis as { gc?: () => void }).gc?.();
    const m = process.memoryUsage();
    out(`memory after the ${phase} phase: heap ${Math.round(m.heapUsed / 1e6)} MB used of ${Math.round(m.heapTotal / 1e6)} MB, rss ${Math.round(m.rss / 1e6)} MB\n`);
  };
}

function printTiming(timing: Map<string, number>, top: number, out: (s: string) => void): void {
  const total = [...timing.values()].reduce((a, b) => a + b, 0);
  out(`${'rule'.padEnd(48)} ${'ms'.padStart(8)}  share\n`);
  for (const [id, ms] of [...timing].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    out(`${id.padEnd(48)} ${ms.toFixed(1).padStart(8)}  ${((100 * ms) / (total || 1)).toFixed(1)}%\n`);
  }
}

/**
 * Apply (or, in dry-run, print as a diff) the certain fixes carried by unsuppressed findings,
 * pass after pass until none is left, so a second --fix finds nothing to do.
 */
async function fixFiles(root: string, findings: import('../audit/types.js').Finding[], again: (source: import('../repo/sources.js').FileSource) => Promise<import('../audit/types.js').Finding[]>, dryRun: boolean, io: Io): Promise<number> {
  const { fixUntilStable, secretLines, unifiedDiff } = await import('../audit/fix.js');
  const { writeFileAtomic } = await import('../fs-atomic.js');
  const { files } = await fixUntilStable(root, findings, again);
  for (const [file, f] of files) {
    // The diff's context may show a line holding a secret another rule found: such lines are hidden.
    // The BOM is shown in both sides, so the diff applies to the file as it is on disk.
    const bom = f.bom ? '\uFEFF' : '';
    if (dryRun) io.stdout(unifiedDiff(file, bom + f.before, bom + f.after, secretLines(findings.filter((x) => x.file === file))));
    else {
      try {
        writeFileAtomic(resolve(root, file), bom + f.after);
      } catch (e) {
        throw new IoError(`cannot write ${file}: ${ioReason(e)}`);
      }
    }
  }
  io.stderr(`devops-audit: ${dryRun ? 'would fix' : 'fixed'} ${files.size} file${files.size === 1 ? '' : 's'}\n`);
  return files.size;
}
