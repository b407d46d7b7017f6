// GitHub Actions workflow commands: one annotation per finding, shown on the PR diff. `file=` is
// relative to the repository root (GITHUB_WORKSPACE), whatever directory was audited.
import { repoPath, type Reporter } from './index.js';
import type { Severity } from '../audit/types.js';

const COMMAND: Record<Severity, 'error' | 'warning' | 'notice'> = { critical: 'error', high: 'error', medium: 'warning', low: 'notice', info: 'notice' };

/** Escaping defined by the runner for data and for property values. */
export const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
export const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

export const render: Reporter = (report, ctx) => {
  const lines = report.findings
    .filter((f) => !f.suppressed)
    .map((f) => {
      const props = [`file=${escapeProperty(repoPath(f.file, ctx))}`, `line=${f.line}`, `col=${f.column}`, `endLine=${f.endLine}`, ...(f.endLine === f.line ? [`endColumn=${f.endColumn}`] : []), `title=${escapeProperty(`${f.ruleId} (${f.severity})`)}`];
      return `::${COMMAND[f.severity]} ${props.join(',')}::${escapeData(f.message)}`;
    });
  const s = report.summary;
  lines.push(`devops-audit: ${s.passed ? 'gate passed' : 'gate failed'}, ${s.findings} findings`);
  return `${lines.join('\n')}\n`;
};
