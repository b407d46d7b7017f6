import { defineRule } from '../../src/audit/load-rules.js';
import { actionName, workflowOf } from '../../src/rules-kit/workflows.js';

const UPLOADERS = /^(actions\/upload-artifact|actions\/upload-pages-artifact)$/;

export default defineRule({
  meta: {
    id: 'github-actions/persist-credentials',
    title: 'Checkout does not leave the token on disk in jobs that upload artifacts',
    description:
      '`actions/checkout` writes the job token into `.git/config` unless `persist-credentials: false`. A job that then uploads the workspace (or part of it) as an artifact can publish that token to anyone who can download artifacts — on a public repository, everyone ("ArtiPACKED").',
    remediation: 'Set `persist-credentials: false` on `actions/checkout` (and pass a token explicitly to the one step that pushes, if any); upload only the build output directory, never the checkout root.',
    checklistItem: 'security.secrets-management',
    severity: 'medium',
    artifacts: ['github-workflow'],
    examples: {
      fail: [
        {
          path: '.github/workflows/ci.yml',
          code:
            'on: push\njobs:\n  build:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1\n      - run: make dist\n      - uses: actions/upload-artifact@bbbca2ddaa5d8feaa63e36b76fdaad77386f024f # v7.0.0\n        with:\n          name: site\n          path: .\n',
        },
        {
          path: '.github/workflows/ci.yml',
          code:
            'on: push\njobs:\n  build:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1\n        with:\n          persist-credentials: true\n      - uses: actions/upload-artifact@bbbca2ddaa5d8feaa63e36b76fdaad77386f024f # v7.0.0\n        with:\n          path: dist/\n',
        },
      ],
      pass: [
        {
          path: '.github/workflows/ci.yml',
          code:
            'on: push\njobs:\n  build:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1\n        with:\n          persist-credentials: false\n      - uses: actions/upload-artifact@bbbca2ddaa5d8feaa63e36b76fdaad77386f024f # v7.0.0\n        with:\n          path: dist/\n',
        },
        { path: '.github/workflows/ci.yml', code: 'on: push\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1\n      - run: make test\n', note: 'nothing is uploaded' },
      ],
    },
  },
  check(ctx) {
    const wf = workflowOf(ctx.artifact);
    if (!wf) return;
    let safe = 0;
    for (const job of wf.jobs) {
      const uploads = job.steps.some((s) => UPLOADERS.test(actionName(s.uses) ?? ''));
      for (const s of job.steps) {
        if (actionName(s.uses) !== 'actions/checkout') continue;
        if (String(s.with['persist-credentials'] ?? 'true') === 'false') {
          safe++;
          continue;
        }
        if (uploads) ctx.report({ at: s.usesNode ?? s.node, message: `job \`${job.id}\` uploads artifacts and its checkout keeps the token in \`.git/config\`: add \`with: {persist-credentials: false}\`` });
      }
    }
    if (safe) ctx.evidence(`\`${ctx.artifact.path}\` checks out with \`persist-credentials: false\``, { at: { line: 1 } });
  },
});
