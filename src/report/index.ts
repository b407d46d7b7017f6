// Output formats. Each lives in its own module and is imported only when asked for.
import type { Evidence, AuditReport, Rule } from '../audit/types.js';

export interface ReportContext {
  /** Colour allowed (a TTY and no NO_COLOR). */
  color: boolean;
  /** Every rule that ran, with full metadata (help text for SARIF, docs links). */
  rules: Rule[];
  evidence: Evidence[];
  /** Only findings, no checklist view (--quiet). */
  quiet: boolean;
}

export type Reporter = (report: AuditReport, ctx: ReportContext) => string;

export const FORMATS = ['stylish', 'json', 'sarif', 'junit', 'markdown', 'github', 'gitlab'] as const;
export type Format = (typeof FORMATS)[number];

export async function loadReporter(format: Format): Promise<Reporter> {
  const mod = (await import(`./${format}.js`)) as { render: Reporter };
  return mod.render;
}
