// The default terminal view: checklists with a mark per item, then findings grouped by file.
import type { Reporter } from './index.js';
import type { ItemStatus } from '../audit/types.js';

const MARK: Record<ItemStatus, string> = { pass: '✔', warn: '▲', fail: '✘', 'n/a': '–' };
const COLOR: Record<string, string> = { pass: '32', warn: '33', fail: '31', 'n/a': '90', critical: '35', high: '31', medium: '33', low: '36', info: '90' };

/**
 * File names and messages come from the repository: a name holding a newline or an escape
 * sequence must not break the line or drive the terminal, so control characters are shown escaped.
 */
// eslint-disable-next-line no-control-regex
export const visible = (s: string) => s.replace(/[\u0000-\u001f\u007f-\u009f]/g, (ch) => (ch === '\t' ? ' ' : `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`));

export const render: Reporter = (report, ctx) => {
  const c = (code: string, s: string) => (ctx.color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const out: string[] = [];
  if (!ctx.quiet) {
    for (const list of report.checklists) {
      out.push(`${c('1', list.title)}  ${Math.round(list.score * 100)}%`);
      for (const i of list.items) {
        const detail = i.status === 'pass' || i.status === 'warn' ? i.evidence[0] ?? '' : i.status === 'fail' && i.findings ? `${i.findings} finding${i.findings > 1 ? 's' : ''}` : i.status === 'fail' ? 'no evidence found' : i.waived ? `waived: ${i.waived}` : '';
        out.push(`  ${c(COLOR[i.status], MARK[i.status])} ${i.title.padEnd(28)} ${c('90', visible(detail))}`);
      }
      out.push('');
    }
  }
  const active = report.findings.filter((f) => !f.suppressed);
  let file = '';
  for (const f of active) {
    if (f.file !== file) {
      file = f.file;
      out.push(c('4', visible(f.file)));
    }
    out.push(`  ${visible(`${f.file}:${f.line}:${f.column}`)}  ${c(COLOR[f.severity], f.severity.padEnd(8))} ${visible(f.message)}  ${c('90', f.ruleId)}`);
  }
  if (active.length) out.push('');
  const s = report.summary;
  const counts = (['critical', 'high', 'medium', 'low', 'info'] as const).filter((k) => s.bySeverity[k]).map((k) => `${s.bySeverity[k]} ${k}`);
  out.push(
    `${s.passed ? c('32', '✔ gate passed') : c('31', '✘ gate failed')}: ${s.findings} finding${s.findings === 1 ? '' : 's'}${counts.length ? ` (${counts.join(', ')})` : ''}` +
      `${s.suppressed ? `, ${s.suppressed} suppressed` : ''} in ${s.files} files, ${s.rulesRun} rules, ${s.durationMs} ms`,
  );
  if (s.failedRequired?.length) out.push(c('31', `required checklist items failing: ${s.failedRequired.join(', ')}`));
  if (s.internalErrors) out.push(c('33', `warning: ${s.internalErrors} rule failure${s.internalErrors === 1 ? '' : 's'} (see the core/internal-error findings); every other rule ran`));
  for (const w of s.warnings ?? []) out.push(c('33', `warning: ${visible(w)}`));
  return `${out.join('\n')}\n`;
};
