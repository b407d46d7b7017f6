// GitLab Code Quality report (artifacts:reports:codequality), shown in merge request widgets.
// `location.path` is relative to the repository root (CI_PROJECT_DIR), whatever dir was audited.
import { repoPath, type Reporter } from './index.js';
import type { Severity } from '../audit/types.js';

const SEVERITY: Record<Severity, string> = { critical: 'blocker', high: 'critical', medium: 'major', low: 'minor', info: 'info' };

export const render: Reporter = (report, ctx) => {
  const issues = report.findings
    .filter((f) => !f.suppressed)
    .map((f) => ({
      type: 'issue',
      check_name: f.ruleId,
      description: f.message,
      categories: [f.checklistItem.startsWith('security') || f.ruleId.startsWith('secrets/') ? 'Security' : 'Style'],
      severity: SEVERITY[f.severity],
      fingerprint: f.fingerprint,
      location: { path: repoPath(f.file, ctx), lines: { begin: f.line, end: f.endLine } },
    }));
  return `${JSON.stringify(issues, null, 2)}\n`;
};
