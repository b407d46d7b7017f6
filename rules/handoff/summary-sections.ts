import { defineRule } from '../../src/audit/load-rules.js';
import { sections } from '../../src/rules-kit/markdown.js';

/** The H2 sections of seed 001's summary.md template that carry the handoff. */
const REQUIRED: Array<{ label: string; re: RegExp }> = [
  { label: 'Work Completed', re: /^work completed/i },
  { label: 'Implementation Details', re: /^implementation details/i },
  { label: 'Integration Points', re: /^integration points/i },
  { label: 'Verification Criteria', re: /^verification criteria/i },
  { label: 'Testing Evidence', re: /^testing evidence/i },
  { label: 'Files Changed', re: /^files changed/i },
  { label: 'Next Steps', re: /^next steps/i },
];

const summary = (skip: string[] = []) =>
  '# DevOps Automator Summary: checkout\n\n' +
  REQUIRED.filter((r) => !skip.includes(r.label))
    .map((r) => `## ${r.label}\n\n- ${r.label === 'Files Changed' ? '**Created**: 42 files' : 'Written and checked.'}\n`)
    .join('\n');

export default defineRule({
  meta: {
    id: 'handoff/summary-sections',
    title: 'Handoff summaries have the sections of the handoff template',
    description:
      'The next specialist reads summary.md instead of the diff: what was built, how, where to integrate, how it was verified, what changed and what is next. A summary missing those sections, or with a section left empty, hands over less than it claims.',
    remediation: 'Write .agency/handoff/<feature>/<role>/summary.md with the sections Work Completed, Implementation Details, Integration Points, Verification Criteria, Testing Evidence, Files Changed and Next Steps, each filled in.',
    checklistItem: 'operations.handoff',
    severity: 'medium',
    artifacts: ['handoff'],
    examples: {
      fail: [
        { path: '.agency/handoff/checkout/devops-automator/summary.md', code: summary(['Testing Evidence', 'Next Steps']) },
        { path: '.agency/handoff/checkout/devops-automator/summary.md', code: summary().replace('## Next Steps\n\n- Written and checked.\n', '## Next Steps\n'), note: 'empty section' },
      ],
      pass: [
        { path: '.agency/handoff/checkout/devops-automator/summary.md', code: summary() },
        { path: '.agency/handoff/checkout/devops-automator/plan.md', code: '# Plan\n\nBuild the pipeline.\n', note: 'plans are free-form' },
      ],
    },
  },
  check(ctx) {
    const a = ctx.artifact;
    if (!a.is('markdown') || !/(^|\/)summary\.md$/i.test(a.path)) return;
    const list = sections(a);
    const missing: string[] = [];
    let ok = 0;
    for (const r of REQUIRED) {
      const s = list.find((x) => x.level === 2 && r.re.test(x.heading));
      if (!s) {
        missing.push(r.label);
        continue;
      }
      const hasBody = s.text.trim() || s.codeBlocks > 0 || s.listItems > 0 || list.some((x) => x.line > s.line && x.line <= s.endLine && x.level > s.level);
      if (!hasBody) ctx.report({ message: `section "${s.heading}" is empty`, at: { line: s.line } });
      else ok++;
    }
    if (missing.length) ctx.report({ message: `summary.md lacks the section${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`, at: { line: a.markdown.headings[0]?.line ?? 1 } });
    if (ok === REQUIRED.length) ctx.evidence('handoff summary with every template section', { at: { line: 1 } });
  },
});
