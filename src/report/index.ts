// Output formats. Each lives in its own module and is imported only when asked for.
import type { Evidence, AuditReport, Rule } from '../audit/types.js';
import { underPrefix, type SourceRoot } from '../repo/git.js';

export interface ReportContext {
  /** Colour allowed (a TTY and no NO_COLOR). */
  color: boolean;
  /** Every rule that ran, with full metadata (help text for SARIF, docs links). */
  rules: Rule[];
  evidence: Evidence[];
  /** Only findings, no checklist view (--quiet). */
  quiet: boolean;
  /**
   * Where the audited root sits in its repository. SARIF, GitHub annotations and GitLab Code
   * Quality give paths relative to `dir` (the git top level), which is what code hosts resolve;
   * the other formats keep paths relative to the audited root. Absent: the audited root.
   */
  sourceRoot?: SourceRoot;
}

/** A finding's path as code hosts want it: relative to the repository root (ctx.sourceRoot). */
export function repoPath(file: string, ctx: Pick<ReportContext, 'sourceRoot'>): string {
  return underPrefix(ctx.sourceRoot?.prefix ?? '', file);
}

export type Reporter = (report: AuditReport, ctx: ReportContext) => string;

export const FORMATS = ['stylish', 'json', 'sarif', 'junit', 'markdown', 'github', 'gitlab'] as const;
export type Format = (typeof FORMATS)[number];

export async function loadReporter(format: Format): Promise<Reporter> {
  const mod = (await import(`./${format}.js`)) as { render: Reporter };
  return mod.render;
}
