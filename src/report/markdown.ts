// Markdown for $GITHUB_STEP_SUMMARY and PR comments: gate verdict, checklist table, findings.
import type { Reporter } from './index.js';
import type { ItemStatus } from '../audit/types.js';

const ICON: Record<ItemStatus, string> = { pass: '✅', warn: '⚠️', fail: '❌', 'n/a': '➖' };
const MAX_ROWS = 200;

/** Table cells: pipes and newlines would break the row; backticks and HTML are neutralised. */
export function cell(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export const render: Reporter = (report, ctx) => {
  const s = report.summary;
  const out: string[] = [];
  out.push(`## devops-audit: ${s.passed ? '✅ gate passed' : '❌ gate failed'}`, '');
  const counts = (['critical', 'high', 'medium', 'low', 'info'] as const).map((k) => `${s.bySeverity[k]} ${k}`).join(' · ');
  out.push(`${s.findings} finding${s.findings === 1 ? '' : 's'} (${counts})${s.suppressed ? `, ${s.suppressed} suppressed` : ''} in ${s.files} files, ${s.rulesRun} rules.`, '');
  if (s.internalErrors) out.push(`⚠️ ${s.internalErrors} rule failure${s.internalErrors === 1 ? '' : 's'} (\`core/internal-error\` findings): those files were not fully checked by those rules.`, '');
  if (s.failedRequired?.length) out.push(`Required checklist items failing: ${s.failedRequired.map((i) => `\`${i}\``).join(', ')}`, '');
  if (!ctx.quiet) {
    out.push('| checklist | score | items |', '|---|---:|---|');
    for (const c of report.checklists) {
      out.push(`| ${cell(c.title)} | ${Math.round(c.score * 100)}% | ${c.items.map((i) => `${ICON[i.status]} ${cell(i.title)}${i.waived ? ` (waived: ${cell(i.waived)})` : ''}`).join('<br>')} |`);
    }
    out.push('');
  }
  const active = report.findings.filter((f) => !f.suppressed);
  if (active.length) {
    out.push('<details open><summary>Findings</summary>', '', '| location | severity | rule | message |', '|---|---|---|---|');
    for (const f of active.slice(0, MAX_ROWS)) out.push(`| \`${cell(`${f.file}:${f.line}:${f.column}`)}\` | ${f.severity} | \`${f.ruleId}\` | ${cell(f.message)} |`);
    if (active.length > MAX_ROWS) out.push('', `…and ${active.length - MAX_ROWS} more (see the SARIF or JSON report).`);
    out.push('', '</details>');
  }
  return `${out.join('\n')}\n`;
};
