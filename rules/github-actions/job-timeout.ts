import { defineRule } from '../../src/audit/load-rules.js';
import { addToMap } from '../../src/rules-kit/fixes.js';
import { workflowOf } from '../../src/rules-kit/workflows.js';

export default defineRule({
  meta: {
    id: 'github-actions/job-timeout',
    title: 'Jobs set `timeout-minutes`',
    description:
      'A job without `timeout-minutes` runs for up to 6 hours when a test hangs or a deploy waits on a rollout that never converges: runner minutes burn, the queue blocks, and a stuck deploy holds its concurrency group. A realistic timeout fails fast and visibly.',
    remediation: 'Give every job a `timeout-minutes` a little above its normal duration (e.g. 15 for CI, 30 for deploys).',
    checklistItem: 'cicd.automated-builds',
    severity: 'low',
    artifacts: ['github-workflow'],
    fixable: true,
    defaultOptions: { max: 360 },
    optionsDoc: { max: 'Report timeouts above this many minutes too.' },
    examples: {
      fail: [
        { path: '.github/workflows/ci.yml', code: 'on: push\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: npm test\n' },
        { path: '.github/workflows/ci.yml', code: 'on: push\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    timeout-minutes: 600\n    steps:\n      - run: npm test\n', note: 'longer than the limit' },
      ],
      pass: [
        { path: '.github/workflows/ci.yml', code: 'on: push\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    timeout-minutes: 15\n    steps:\n      - run: npm test\n' },
        { path: '.github/workflows/ci.yml', code: 'on: push\njobs:\n  call:\n    uses: ./.github/workflows/reusable.yml\n', note: 'jobs that call a reusable workflow cannot set it' },
      ],
    },
  },
  check(ctx) {
    const wf = workflowOf(ctx.artifact);
    if (!wf) return;
    const max = Number(ctx.options.max ?? 360);
    for (const job of wf.jobs) {
      if (job.uses) continue;
      const t = job.timeoutMinutes;
      if (!t) {
        // The remediation's figures: 30 minutes for a job deploying to an environment, 15 otherwise.
        const edit = addToMap(ctx.artifact.text, job.node, ['timeout-minutes'], job.environment ? '30' : '15', { after: 'runs-on' });
        const fix = edit && { description: `Set timeout-minutes on job ${job.id}`, edits: [edit] };
        ctx.report({ at: job.keyNode, message: `job \`${job.id}\` has no \`timeout-minutes\` and may run for 6 hours when it hangs: set one`, ...(fix ? { fix } : {}) });
        continue;
      }
      const v = Number((t as { value?: unknown }).value);
      if (Number.isFinite(v) && v > max) ctx.report({ at: t as object, message: `job \`${job.id}\` may run for ${v} minutes: lower \`timeout-minutes\` to at most ${max}` });
    }
    // No evidence: timeouts say nothing about whether builds are automated (pipeline/automated-builds decides).
  },
});
