import { defineRule } from '../../src/audit/load-rules.js';
import { actionName, hasTrigger, workflowOf } from '../../src/rules-kit/workflows.js';

const PR_HEAD = /github\.event\.pull_request\.head\.(sha|ref)|github\.head_ref|refs\/pull\/|github\.event\.workflow_run\.head_(sha|branch)|github\.event\.number/;

export default defineRule({
  meta: {
    id: 'github-actions/dangerous-triggers',
    title: '`pull_request_target` / `workflow_run` do not check out and run pull-request code',
    description:
      '`pull_request_target` and `workflow_run` run in the context of the base repository, with its secrets and a write token, even for pull requests from forks. Checking out the pull request\'s head and then running anything from it (a build, tests, a local action, an install script) hands that access to the author of the pull request ("pwn request").',
    remediation:
      'Use `pull_request` for anything that runs the contributor\'s code. If the privileged trigger is needed (labelling, commenting), do not check out the head; or split the work: an unprivileged `pull_request` workflow uploads results as an artifact and a `workflow_run` workflow only reads that data, never executes it.',
    checklistItem: 'security.access-control',
    severity: 'critical',
    artifacts: ['github-workflow'],
    equivalents: ['poutine:untrusted_checkout_exec'],
    examples: {
      fail: [
        {
          path: '.github/workflows/pr.yml',
          code:
            'on: pull_request_target\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n      - run: npm ci && npm test\n',
        },
        {
          path: '.github/workflows/after-ci.yml',
          code:
            'on:\n  workflow_run:\n    workflows: [CI]\n    types: [completed]\njobs:\n  report:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: |\n          git fetch origin ${{ github.event.workflow_run.head_sha }}\n          git checkout FETCH_HEAD\n          make report\n',
        },
      ],
      pass: [
        {
          path: '.github/workflows/label.yml',
          code: 'on: pull_request_target\npermissions:\n  pull-requests: write\njobs:\n  label:\n    runs-on: ubuntu-24.04\n    steps:\n      - env:\n          PR: ${{ github.event.number }}\n          GH_TOKEN: ${{ github.token }}\n        run: gh pr edit "$PR" --repo "$GITHUB_REPOSITORY" --add-label triage\n',
          note: 'no checkout of the pull request',
        },
        {
          path: '.github/workflows/ci.yml',
          code: 'on: pull_request\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n      - run: npm test\n',
        },
      ],
    },
  },
  check(ctx) {
    const wf = workflowOf(ctx.artifact);
    if (!wf || !hasTrigger(wf, 'pull_request_target', 'workflow_run')) return;
    const trigger = wf.triggers.find((t) => t.event === 'pull_request_target' || t.event === 'workflow_run')!.event;
    let reported = 0;
    for (const job of wf.jobs) {
      let checkout: { at: object; how: string } | undefined;
      for (const step of job.steps) {
        if (!checkout) {
          if (actionName(step.uses) === 'actions/checkout' && PR_HEAD.test(String(step.with.ref ?? ''))) {
            const refNode = step.withNode?.get('ref', true) as object | undefined;
            checkout = { at: refNode ?? step.node, how: `\`actions/checkout\` with \`ref: ${String(step.with.ref)}\`` };
            continue;
          }
          const cmd = step.script?.commands.find((c) => (c.args[0] === 'git' && ['fetch', 'checkout', 'switch'].includes(c.args[1]) && c.raw.some((r) => PR_HEAD.test(r))) || (c.args[0] === 'gh' && c.args[1] === 'pr' && c.args[2] === 'checkout'));
          if (cmd) {
            checkout = { at: step.runNode ?? step.node, how: `\`${cmd.args.slice(0, 3).join(' ')}\`` };
            // The same script may go on to run the code.
            if (step.script && step.script.commands.indexOf(cmd) < step.script.commands.length - 1) {
              reported++;
              ctx.report({ at: checkout.at, message: `\`${trigger}\` runs with the base repository's secrets and token, and job \`${job.id}\` checks out the pull request (${checkout.how}) and runs it: use \`pull_request\` for untrusted code` });
              break;
            }
          }
          continue;
        }
        if (step.run !== undefined || step.uses?.startsWith('./')) {
          reported++;
          ctx.report({ at: checkout.at, message: `\`${trigger}\` runs with the base repository's secrets and token, and job \`${job.id}\` checks out the pull request (${checkout.how}) then runs it: use \`pull_request\` for untrusted code` });
          break;
        }
      }
    }
    if (!reported) ctx.evidence(`\`${ctx.artifact.path}\` uses \`${trigger}\` without running pull-request code`, { at: wf.triggers.find((t) => t.event === trigger)?.keyNode ?? { line: 1 } });
  },
});
