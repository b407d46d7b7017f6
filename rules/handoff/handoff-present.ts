import { defineRule } from '../../src/audit/load-rules.js';
import { handoffDirs } from '../../src/rules-kit/markdown.js';

const DIR = '.agency/handoff/checkout/devops-automator';

export default defineRule({
  meta: {
    id: 'handoff/handoff-present',
    title: 'Work is handed off: summary and files-changed per role, context files kept',
    description:
      'Multi-specialist work is coordinated through files: each role leaves `.agency/handoff/<feature>/<role>/summary.md` and `files-changed.json`, and the orchestrator keeps `ai-state/active/devops/*.json`. Without them the next person starts from the git log.',
    remediation: 'Write summary.md and files-changed.json in each role directory under .agency/handoff/<feature>/, and keep ai-state/active/devops/{pipelines,infrastructure,monitoring}.json current (`npx create-devops-stack add handoff`).',
    checklistItem: 'operations.handoff',
    severity: 'medium',
    artifacts: ['handoff', 'ai-state'],
    scope: 'repository',
    examples: {
      fail: [
        { path: `${DIR}/plan.md`, code: '# Plan\n\nBuild the pipeline.\n', note: 'no summary.md or files-changed.json' },
        { path: 'README.md', code: '# app\n', note: 'no handoff or context files at all' },
      ],
      pass: [
        { path: `${DIR}/summary.md`, code: '# Summary\n', files: { [`${DIR}/files-changed.json`]: '{"created":[],"modified":[],"deleted":[]}\n' } },
        { path: 'ai-state/active/devops/pipelines.json', code: '{}\n' },
      ],
    },
  },
  check(ctx) {
    const paths = new Set([...ctx.repo.allPaths, ...ctx.repo.artifacts.map((a) => a.path)]);
    const dirs = handoffDirs(paths);
    let n = 0;
    for (const [dir, files] of dirs) {
      const missing = ['summary.md', 'files-changed.json'].filter((f) => !files.has(f));
      const some = [...files][0];
      if (missing.length) ctx.report({ message: `handoff ${dir} has no ${missing.join(' or ')}`, file: `${dir}/${some}`, at: { line: 1 } });
      else {
        n++;
        ctx.evidence(`handoff ${dir}`, { file: `${dir}/summary.md`, at: { line: 1 } });
      }
    }
    for (const a of ctx.repo.ofKind('ai-state')) {
      n++;
      ctx.evidence('orchestrator context file', { file: a.path, at: { line: 1 } });
    }
    if (!n && !dirs.size) ctx.report({ message: 'no handoff files (.agency/handoff/<feature>/<role>/) and no context files (ai-state/active/devops/)', file: '.', at: { line: 1 } });
  },
});
