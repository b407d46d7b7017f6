// Inline suppressions: `devops-audit-ignore <rule-id>: <reason>` on the line or the line above,
// `devops-audit-ignore-file <rule-id>: <reason>` anywhere in the file. The comment leader may be
// `#`, `//`, `--` or `<!--` so every format with comments can carry one. A reason is required.
import type { LineIndex } from '../repo/line-index.js';

export interface Suppression {
  ruleId: string; // may be `*`
  reason: string;
  line: number;
  column: number;
  fileWide: boolean;
  used: boolean;
}

const DIRECTIVE = /(?:#|\/\/|--|<!--)\s*devops-audit-ignore(-file)?(?:\s+([\w*./-]+))?(?:\s*:\s*(.*?))?\s*(?:-->)?\s*$/;

export function parseSuppressions(text: string, lines: LineIndex): Suppression[] {
  if (!text.includes('devops-audit-ignore')) return [];
  const out: Suppression[] = [];
  for (let l = 1; l <= lines.lineCount; l++) {
    const lt = lines.lineText(l);
    if (!lt.includes('devops-audit-ignore')) continue;
    const m = DIRECTIVE.exec(lt);
    if (!m) continue;
    out.push({
      ruleId: m[2] ?? '',
      reason: (m[3] ?? '').trim(),
      line: l,
      column: (m.index ?? 0) + 1,
      fileWide: Boolean(m[1]),
      used: false,
    });
  }
  return out;
}

/** The suppression that covers a finding of `ruleId` at `line`, if any. */
export function findSuppression(list: Suppression[], ruleId: string, line: number): Suppression | undefined {
  return list.find(
    (s) => s.reason && (s.ruleId === ruleId || s.ruleId === '*') && (s.fileWide || s.line === line || s.line === line - 1),
  );
}
