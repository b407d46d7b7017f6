// Core types shared by the engine, the rules and the reporters.
// The JSON report contract (DESIGN.md) is built from these: change them only by adding.
import type { Artifact, Repository } from '../repo/repository.js';
import type { ArtifactKind } from '../repo/kinds.js';

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Rank for comparisons: a bigger number is more severe. */
export const SEVERITY_RANK: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };

export function atLeast(sev: Severity, threshold: Severity): boolean {
  return SEVERITY_RANK[sev] >= SEVERITY_RANK[threshold];
}

/** A place in a file, 1-based lines and columns (end is exclusive column, like ESLint). */
export interface Location {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/**
 * Where a rule may point a finding. Accepted shapes:
 * - a `yaml` Node (anything with `range: [start, valueEnd, nodeEnd]`)
 * - a dockerfile-ast object (anything with `getRange()` returning LSP 0-based positions)
 * - a tree-sitter node (anything with `startPosition`/`endPosition`, 0-based rows/columns)
 * - `{ offset, length? }` into the file text
 * - a `Location` or `{ line, column? }` (1-based)
 */
export type At =
  | { range?: readonly number[] | null }
  | { getRange(): { start: { line: number; character: number }; end: { line: number; character: number } } | null }
  | { startPosition: { row: number; column: number }; endPosition: { row: number; column: number } }
  | { offset: number; length?: number }
  | { line: number; column?: number; endLine?: number; endColumn?: number };

export interface Fix {
  /** Human description of the change. */
  description: string;
  /** Text edits against the original file, as offsets. Non-overlapping. */
  edits: Array<{ start: number; end: number; text: string }>;
}

export interface Finding extends Location {
  ruleId: string;
  severity: Severity;
  checklistItem: string;
  /** Relative to the audited root, forward slashes. */
  file: string;
  message: string;
  suppressed: boolean;
  /** Why it was suppressed (inline comment reason, or "baseline"). */
  suppression?: { kind: 'inline' | 'file' | 'baseline'; reason: string };
  fingerprint: string;
  fix?: Fix;
}

export interface Evidence {
  item: string;
  message: string;
  file?: string;
  line?: number;
}

export interface Example {
  /** Path of the example file (decides its artifact kind). */
  path: string;
  code: string;
  /** Other files present in the example repository (path → content). */
  files?: Record<string, string>;
  /** Short note shown in docs. */
  note?: string;
  /** Options passed to the rule for this example. */
  options?: Record<string, unknown>;
}

export interface RuleMeta {
  /** `<artifact>/<kebab-name>` */
  id: string;
  title: string;
  /** Why it matters. */
  description: string;
  /** What to do. */
  remediation: string;
  /** `<checklist>.<item>` from checklists.ts */
  checklistItem: string;
  severity: Severity;
  /** Which artifact kinds it reads. */
  artifacts: ArtifactKind[];
  /**
   * `file` (default): check() runs once per artifact of a subscribed kind, with `ctx.artifact` set.
   * `repository`: check() runs once per audit with the whole repository; skipped in partial
   * runs (explicit files, --staged, pre-commit) because it cannot judge a partial change.
   */
  scope?: 'file' | 'repository';
  /** The same check elsewhere, as `tool:ID`. Only when the semantics match. */
  equivalents?: string[];
  /** Included in the `strict` preset only. */
  strictOnly?: boolean;
  /** Default option values; config may override them. */
  defaultOptions?: Record<string, unknown>;
  /** Description of each option, for the docs. */
  optionsDoc?: Record<string, string>;
  /** True when the rule can attach a certain `fix`. */
  fixable?: boolean;
  /**
   * True when check() reads only the raw text (`ctx.artifact.text`), never a parsed form: the rule
   * also runs on files that fail to parse (a leaked key in a YAML file with a typo is still found).
   */
  textOnly?: boolean;
  examples: { fail: Example[]; pass: Example[] };
}

export interface ReportInput {
  message: string;
  at?: At;
  /** Defaults to the artifact being checked (file-scope rules). Required for repository rules pointing elsewhere. */
  file?: string;
  severity?: Severity;
  fix?: Fix;
  /** Override the rule's checklist item (rare). */
  checklistItem?: string;
}

export interface RuleContext {
  readonly meta: RuleMeta;
  readonly repo: Repository;
  /** Set for file-scope rules. */
  readonly artifact: Artifact;
  readonly options: Record<string, unknown>;
  /** `true` when only some files are audited (pre-commit, --staged, explicit file list). */
  readonly partial: boolean;
  report(input: ReportInput): void;
  /** Record evidence that the rule's checklist item (or `item`) is met. */
  evidence(message: string, at?: { file?: string; at?: At }, item?: string): void;
}

export interface Rule {
  meta: RuleMeta;
  check(ctx: RuleContext): void | Promise<void>;
  /** Import the rule's code now (rules of the build's index load it on their first check). */
  load?(): Promise<void>;
}

export type ItemStatus = 'pass' | 'warn' | 'fail' | 'n/a';

export interface ChecklistItemResult {
  id: string;
  title: string;
  status: ItemStatus;
  evidence: string[];
  findings: number;
  /** Added: why the item does not apply (`waive:` in the config); its status is then `n/a`. */
  waived?: string;
}

export interface ChecklistResult {
  id: string;
  title: string;
  score: number;
  items: ChecklistItemResult[];
}

export interface RuleSummary {
  id: string;
  title: string;
  checklistItem: string;
  severity: Severity;
  equivalents: string[];
  helpUri: string;
}

export interface AuditReport {
  tool: { name: 'devops-audit'; version: string };
  root: string;
  summary: {
    files: number;
    rulesRun: number;
    findings: number;
    bySeverity: Record<Severity, number>;
    durationMs: number;
    passed: boolean;
    /** Added: findings hidden by suppressions or the baseline. */
    suppressed?: number;
    /** Added: one line per problem that is not a finding (unreadable file, skipped Helm template…). */
    warnings?: string[];
    /** Added: rules that threw, turned into core/internal-error findings. */
    internalErrors?: number;
    /** Added: true when only some files were audited. */
    partial?: boolean;
    /** Added: required checklist items that failed the gate. */
    failedRequired?: string[];
  };
  checklists: ChecklistResult[];
  findings: Finding[];
  rules: RuleSummary[];
}
