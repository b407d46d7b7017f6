// The audit engine: discover → classify → parse (lazily, once) → run rules → suppressions,
// baseline → checklist scores → report. Never throws for a bad file or a bad rule.
import { lstatSync } from 'node:fs';
import { discover } from '../repo/discover.js';
import { Artifact, Repository } from '../repo/repository.js';
import { initHcl } from '../repo/parsers/hcl.js';
import { hasKeptFacts, takeKeptFacts } from '../repo/kept-facts.js';
import { DiskSource, MemorySource, type FileSource } from '../repo/sources.js';
import type { AuditConfig } from './config.js';
import { fingerprint } from './fingerprint.js';
import { lineOf, toLocation } from './location.js';
import { scoreChecklists } from './score.js';
import { findSuppression, parseSuppressions, type Suppression } from './suppressions.js';
import {
  atLeast,
  SEVERITIES,
  type AuditReport,
  type Evidence,
  type Finding,
  type ReportInput,
  type Rule,
  type RuleContext,
  type Severity,
} from './types.js';
import { VERSION } from '../version.js';
import { CORE } from './core-rules.js';
import { describeThrown, redactMessage } from './redact.js';

export interface AuditOptions {
  root: string;
  config: AuditConfig;
  rules: Rule[];
  /** Audit only these paths (relative to root): pre-commit, --staged, explicit files. */
  files?: string[];
  /** Where contents come from; defaults to the disk under root. */
  source?: FileSource;
  /** In-memory repository (tests, rule examples): path → content. */
  memory?: Record<string, string>;
  /** Run only these rule ids. */
  only?: string[];
  /** Fingerprints to treat as known (baseline). */
  baseline?: Set<string>;
  /** All paths of the repository when `files` is partial (for existence checks). */
  allPaths?: string[];
  helpBase?: string;
  /** When given, filled with milliseconds spent per rule id (and `parse`): DEVOPS_AUDIT_TIMING. */
  timing?: Map<string, number>;
  /** Called at the end of each phase ('files', 'repository'): DEVOPS_AUDIT_TIMING reports memory there. */
  onPhase?: (phase: 'files' | 'repository') => void;
}

export interface AuditOutcome {
  report: AuditReport;
  evidence: Evidence[];
}

const DEFAULT_HELP = 'https://github.com/create-devops-stack/create-devops-stack/blob/main/docs/rules/';

export function selectRules(rules: Rule[], config: AuditConfig, only?: string[]): Rule[] {
  return rules.filter((r) => {
    if (only?.length) return only.includes(r.meta.id);
    const s = config.rules[r.meta.id];
    if (s === 'off' || (typeof s === 'object' && s.enabled === false)) return false;
    if (r.meta.strictOnly && config.preset !== 'strict' && s === undefined) return false;
    if (config.checklists?.length && !config.checklists.includes(r.meta.checklistItem.split('.')[0]) && !r.meta.id.startsWith('core/')) return false;
    return true;
  });
}

function effectiveSeverity(rule: Rule, config: AuditConfig, reported?: Severity): Severity {
  const s = config.rules[rule.meta.id];
  if (typeof s === 'string' && (SEVERITIES as readonly string[]).includes(s)) return s as Severity;
  if (typeof s === 'object' && s.severity) return s.severity;
  return reported ?? rule.meta.severity;
}

function ruleOptions(rule: Rule, config: AuditConfig, extra?: Record<string, unknown>): Record<string, unknown> {
  const s = config.rules[rule.meta.id];
  return { ...(rule.meta.defaultOptions ?? {}), ...(typeof s === 'object' ? s.options ?? {} : {}), ...(extra ?? {}) };
}

/** Build the repository for the run. */
export function buildRepository(opts: AuditOptions): Repository {
  const source = opts.source ?? (opts.memory ? new MemorySource(opts.memory) : new DiskSource(opts.root));
  if (opts.memory) {
    const repo = new Repository(opts.root, source, new Set(Object.keys(opts.memory)));
    const paths = opts.files ?? Object.keys(opts.memory);
    for (const p of paths) repo.add(p, Buffer.byteLength(opts.memory[p] ?? ''));
    return repo;
  }
  if (opts.files) {
    const repo = new Repository(opts.root, source, new Set(opts.allPaths ?? opts.files));
    for (const p of opts.files) {
      const size = explicitFileSize(source, p, repo.warnings);
      if (size !== undefined) repo.add(p, size);
    }
    return repo;
  }
  const found = discover(opts.root, { ignore: opts.config.ignore });
  const repo = new Repository(opts.root, source, new Set(found.files.map((f) => f.path)));
  repo.warnings.push(...found.warnings);
  for (const f of found.files) repo.add(f.path, f.size);
  return repo;
}

/**
 * Size of a file named explicitly (pre-commit, a file list, --staged). On disk it is stat'ed, not
 * read: a 50 MB file is not loaded to learn its size, and a FIFO, a device or a symlink (which
 * discovery would never follow) is skipped with a warning instead of blocking or escaping.
 */
function explicitFileSize(source: FileSource, path: string, warnings: string[]): number | undefined {
  if (!(source instanceof DiskSource)) {
    try {
      return source.read(path).length;
    } catch {
      return 0; // reported when read
    }
  }
  let st;
  try {
    st = lstatSync(source.absolute(path));
  } catch {
    return 0; // reported when read
  }
  if (st.isSymbolicLink()) warnings.push(`${path}: symbolic link; not followed`);
  else if (!st.isFile()) warnings.push(`${path}: not a regular file; not read`);
  else return st.size;
  return undefined;
}

export async function runAudit(opts: AuditOptions): Promise<AuditOutcome> {
  const started = performance.now();
  const partial = Boolean(opts.files);
  const repo = buildRepository(opts);
  const rules = selectRules(opts.rules, opts.config, opts.only);
  const raw: Array<{ rule: Rule; file: string; input: ReportInput; artifact?: Artifact }> = [];
  const evidence: Evidence[] = [];
  let internalErrors = 0;

  // WASM parsers are loaded once, and only if some file needs them.
  if (repo.artifacts.some((a) => a.parsers().includes('hcl'))) {
    try {
      await initHcl();
    } catch (e) {
      repo.warnings.push(`Terraform parser unavailable: ${describeThrown(e)}`);
    }
  }

  const timing = opts.timing;
  const clock = (id: string, since: number) => timing?.set(id, (timing.get(id) ?? 0) + performance.now() - since);

  const context = (rule: Rule, artifact: Artifact | undefined, options: Record<string, unknown>): RuleContext => ({
    meta: rule.meta,
    repo,
    artifact: artifact as Artifact,
    options,
    partial,
    report(input) {
      raw.push({ rule, file: input.file ?? artifact?.path ?? '.', input, artifact: input.file ? repo.get(input.file) : artifact });
    },
    evidence(message, where, item) {
      const file = where?.file ?? artifact?.path;
      const target = file ? repo.get(file) : undefined;
      const line = where?.at && target ? lineOf(where.at, () => target.lines) : undefined;
      evidence.push({ item: item ?? rule.meta.checklistItem, message, file, line });
    },
  });

  const checks = rules.filter((r) => !r.meta.id.startsWith('core/'));
  const fileRules = checks.filter((r) => r.meta.scope !== 'repository');
  const repoRules = checks.filter((r) => r.meta.scope === 'repository');
  const optionsOf = new Map(checks.map((r) => [r, ruleOptions(r, opts.config)]));

  // The rules this run needs, imported together: one by one, each waited for its file reads.
  // A rule that fails to load is reported when it runs, as any failure of its check.
  const present = new Set<string>();
  for (const a of repo.artifacts) for (const k of a.kinds) present.add(k);
  const needed = (r: Rule) => (r.meta.scope === 'repository' ? !partial : r.meta.artifacts.some((k) => present.has(k)));
  await Promise.all(checks.filter((r) => r.load && needed(r)).map((r) => r.load!().catch(() => undefined)));

  // What repository-wide rules read of each file is taken before the file is released (kept-facts.ts).
  const keepFacts = !partial && repoRules.some(needed) && hasKeptFacts();

  const withDirectives: Artifact[] = [];

  // File by file: parse, run every rule of the file's kinds, then drop the parsed forms. Rule by
  // rule over every file kept every tree of the repository alive at once (3 GB at 25,000 files).
  for (const a of repo.artifacts) {
    const parseStart = performance.now();
    const broken = parseFile(a);
    clock('parse', parseStart);
    if (!a.skipped) {
      for (const rule of fileRules) {
        if (!rule.meta.artifacts.some((k) => a.is(k)) || (broken && !rule.meta.textOnly)) continue;
        const ruleStart = performance.now();
        try {
          await rule.check(context(rule, a, optionsOf.get(rule)!));
        } catch (e) {
          internalErrors++;
          raw.push({ rule: CORE.internalError, file: a.path, artifact: a, input: { message: `rule ${rule.meta.id} failed on this file: ${describeThrown(e)}` } });
        }
        clock(rule.meta.id, ruleStart);
      }
    }
    // Suppression directives of files no finding points at are checked at the end: note which have any.
    if (!a.skipped && a.text.includes('devops-audit-ignore')) withDirectives.push(a);
    if (keepFacts) {
      const factsStart = performance.now();
      takeKeptFacts(a);
      clock('kept facts', factsStart);
    }
    a.release();
  }

  opts.onPhase?.('files');
  // Repository-wide rules: evidence across files (they parse again what they read).
  if (!partial) {
    for (const rule of repoRules) {
      const ruleStart = performance.now();
      try {
        await rule.check(context(rule, undefined, optionsOf.get(rule)!));
      } catch (e) {
        internalErrors++;
        raw.push({ rule: CORE.internalError, file: '.', input: { message: `rule ${rule.meta.id} failed: ${describeThrown(e)}` } });
      }
      clock(rule.meta.id, ruleStart);
    }
  }

  opts.onPhase?.('repository');

  /** Parse a file with every parser its kinds need; failures become findings. True when one failed. */
  function parseFile(a: Artifact): boolean {
    let failures;
    try {
      failures = a.parseFailures();
    } catch (e) {
      failures = [{ parser: 'text' as const, problems: [{ message: describeThrown(e), offset: 0 }] }];
    }
    if (a.skipped) repo.warnings.push(`${a.path}: ${a.skipped}`);
    if (a.readWarning) repo.warnings.push(`${a.path}: ${a.readWarning}`);
    // An empty workflow, manifest or Dockerfile is almost always a mistake; say so, by name.
    if (!a.skipped && a.parsers().length && !a.text.trim()) repo.warnings.push(`${a.path}: empty file; nothing to check`);
    for (const f of failures) {
      const p = f.problems[0];
      raw.push({
        rule: CORE.parseError,
        file: a.path,
        artifact: a,
        input: { message: `cannot parse as ${f.parser}: ${redactMessage(p.message)}`, at: { offset: p.offset } },
      });
    }
    return failures.length > 0;
  }

  // Locations, fingerprints and suppressions.
  const suppressionsOf = new Map<string, Suppression[]>();
  const supFor = (a: Artifact | undefined): Suppression[] => {
    if (!a) return [];
    let s = suppressionsOf.get(a.path);
    if (!s) suppressionsOf.set(a.path, (s = a.skipped ? [] : parseSuppressions(a.text, a.lines)));
    return s;
  };
  const occurrences = new Map<string, number>();
  const findings: Finding[] = [];
  const enabledIds = new Set(rules.map((r) => r.meta.id));
  const push = (rule: Rule, file: string, artifact: Artifact | undefined, input: ReportInput) => {
    const loc = artifact && !artifact.skipped ? toLocation(input.at, artifact.lines) : { line: 1, column: 1, endLine: 1, endColumn: 1 };
    const fullLine = artifact && !artifact.skipped ? artifact.lines.lineText(loc.line) : '';
    // A minified file is one huge line: hashing all of it per finding was quadratic (20k findings
    // on a 400 KB line took minutes). Past 512 chars, the finding's own stretch of the line is used.
    const lineText = fullLine.length > 512 ? fullLine.slice(loc.column - 1, loc.column + 255) : fullLine;
    const key = `${rule.meta.id}\0${file}\0${lineText.trim()}`;
    const n = occurrences.get(key) ?? 0;
    occurrences.set(key, n + 1);
    const f: Finding = {
      ruleId: rule.meta.id,
      severity: effectiveSeverity(rule, opts.config, input.severity),
      checklistItem: input.checklistItem ?? rule.meta.checklistItem,
      file,
      ...loc,
      message: input.message,
      suppressed: false,
      fingerprint: fingerprint(rule.meta.id, file, lineText, n),
      ...(input.fix ? { fix: input.fix } : {}),
    };
    const sup = findSuppression(supFor(artifact), f.ruleId, f.line);
    if (sup) {
      sup.used = true;
      f.suppressed = true;
      f.suppression = { kind: sup.fileWide ? 'file' : 'inline', reason: sup.reason };
    } else if (opts.baseline?.has(f.fingerprint)) {
      f.suppressed = true;
      f.suppression = { kind: 'baseline', reason: 'recorded in the baseline' };
    }
    findings.push(f);
  };
  for (const r of raw) {
    if (!enabledIds.has(r.rule.meta.id) && !r.rule.meta.id.startsWith('core/')) continue;
    if (r.rule.meta.id.startsWith('core/') && opts.config.rules[r.rule.meta.id] === 'off') continue;
    if (opts.only?.length && !opts.only.includes(r.rule.meta.id) && r.rule !== CORE.internalError) continue;
    try {
      push(r.rule, r.file, r.artifact, r.input);
    } catch (e) {
      // A finding whose location cannot be computed (a rule pointed at something odd): the rule failed.
      internalErrors++;
      push(CORE.internalError, r.file, r.artifact, { message: `rule ${r.rule.meta.id} reported an unusable location: ${describeThrown(e)}` });
    }
  }
  // Suppression hygiene: a reason is required; a suppression must suppress something.
  // Only judged in full runs of every rule, where "suppresses nothing" is certain.
  if (!opts.only?.length && !opts.config.checklists?.length) {
    for (const [path, list] of suppressionsOf) {
      const a = repo.get(path);
      for (const s of list) {
        if (!s.reason) push(CORE.suppressionReason, path, a, { message: `suppression of ${s.ruleId || 'nothing'} has no reason: write "devops-audit-ignore ${s.ruleId || '<rule-id>'}: <why>"`, at: { line: s.line, column: s.column } });
        else if (!s.used && !partial) push(CORE.unusedSuppression, path, a, { message: `suppression of ${s.ruleId} matches no finding; remove it`, at: { line: s.line, column: s.column } });
      }
    }
    // Files no finding points at still need their directives checked.
    for (const a of withDirectives) {
      if (suppressionsOf.has(a.path)) continue;
      for (const s of supFor(a)) {
        if (!s.reason) push(CORE.suppressionReason, a.path, a, { message: `suppression of ${s.ruleId || 'nothing'} has no reason: write "devops-audit-ignore ${s.ruleId || '<rule-id>'}: <why>"`, at: { line: s.line, column: s.column } });
        else if (!partial) push(CORE.unusedSuppression, a.path, a, { message: `suppression of ${s.ruleId} matches no finding; remove it`, at: { line: s.line, column: s.column } });
      }
    }
  }

  findings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column || (a.ruleId < b.ruleId ? -1 : 1)));

  const active = findings.filter((f) => !f.suppressed);
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of active) bySeverity[f.severity]++;

  const checklists = scoreChecklists(repo, evidence, active, { partial, only: opts.config.checklists });
  const failOn = opts.config.failOn;
  const gateSeverity = failOn !== 'none' && active.some((f) => atLeast(f.severity, failOn));
  const failedRequired = partial ? [] : requiredFailures(opts.config.require, checklists);
  const tooMany = opts.config.maxFindings !== undefined && active.length > opts.config.maxFindings;
  const helpBase = opts.helpBase ?? DEFAULT_HELP;
  const listed = [...rules, ...Object.values(CORE).filter((c) => !rules.includes(c))];

  const report: AuditReport = {
    tool: { name: 'devops-audit', version: VERSION },
    root: opts.root,
    summary: {
      files: repo.artifacts.length,
      rulesRun: rules.length,
      findings: active.length,
      bySeverity,
      durationMs: Math.round(performance.now() - started),
      passed: !gateSeverity && failedRequired.length === 0 && !tooMany,
      suppressed: findings.length - active.length,
      warnings: repo.warnings,
      internalErrors,
      partial,
      ...(failedRequired.length ? { failedRequired } : {}),
    },
    checklists,
    findings,
    rules: listed.map((r) => ({
      id: r.meta.id,
      title: r.meta.title,
      checklistItem: r.meta.checklistItem,
      severity: effectiveSeverity(r, opts.config),
      equivalents: r.meta.equivalents ?? [],
      helpUri: `${helpBase}${r.meta.id.replace('/', '/')}.md`,
    })),
  };
  return { report, evidence };
}

function requiredFailures(required: string[], checklists: AuditReport['checklists']): string[] {
  const out: string[] = [];
  for (const req of required) {
    for (const c of checklists) {
      for (const i of c.items) {
        if ((i.id === req || c.id === req) && i.status === 'fail') out.push(i.id);
      }
    }
  }
  return out;
}
