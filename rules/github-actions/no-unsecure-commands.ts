import { defineRule } from '../../src/audit/load-rules.js';
import { fileSteps } from '../../src/rules-kit/workflows.js';
import { asMap, entries, get, str } from '../../src/rules-kit/yaml-nodes.js';
import type { Node } from 'yaml';

export default defineRule({
  meta: {
    id: 'github-actions/no-unsecure-commands',
    title: '`ACTIONS_ALLOW_UNSECURE_COMMANDS` is not enabled',
    description:
      'The deprecated `set-env` and `add-path` workflow commands were disabled because any text a step prints — a log line from a dependency, a test name, a pull-request title — could set environment variables such as `NODE_OPTIONS` or `LD_PRELOAD` for later steps and take over the job. This variable turns them back on.',
    remediation: 'Remove `ACTIONS_ALLOW_UNSECURE_COMMANDS` and write to `$GITHUB_ENV` / `$GITHUB_PATH` files instead; update the action that still needs the old commands.',
    checklistItem: 'security.compliance',
    severity: 'high',
    artifacts: ['github-workflow', 'github-action'],
    equivalents: ['checkov:CKV_GHA_1', 'zizmor:insecure-commands'],
    examples: {
      fail: [
        { path: '.github/workflows/ci.yml', code: 'on: push\nenv:\n  ACTIONS_ALLOW_UNSECURE_COMMANDS: true\njobs:\n  build:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: make\n' },
        { path: '.github/workflows/ci.yml', code: 'on: push\njobs:\n  build:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: make\n        env:\n          ACTIONS_ALLOW_UNSECURE_COMMANDS: "true"\n' },
      ],
      pass: [
        { path: '.github/workflows/ci.yml', code: 'on: push\njobs:\n  build:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo "$HOME/.local/bin" >> "$GITHUB_PATH"\n' },
        { path: '.github/workflows/ci.yml', code: 'on: push\nenv:\n  ACTIONS_ALLOW_UNSECURE_COMMANDS: false\njobs:\n  build:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: make\n' },
      ],
    },
  },
  check(ctx) {
    const parsed = fileSteps(ctx.artifact);
    if (!parsed) return;
    const { doc } = parsed;
    const envs: Array<Node | null | undefined> = [];
    if (parsed.workflow) {
      envs.push(get(doc, parsed.workflow.root, 'env'));
      for (const j of parsed.workflow.jobs) envs.push(get(doc, j.node, 'env'));
    }
    for (const { step } of parsed.steps) envs.push(step.envNode);
    for (const env of envs) {
      for (const e of entries(doc, asMap(doc, env))) {
        if (e.key === 'ACTIONS_ALLOW_UNSECURE_COMMANDS' && String(str(doc, e.value)).toLowerCase() === 'true') {
          ctx.report({ at: e.keyNode, message: '`ACTIONS_ALLOW_UNSECURE_COMMANDS` re-enables `set-env`/`add-path`, letting any printed line change the environment of later steps: remove it and use `$GITHUB_ENV`/`$GITHUB_PATH`' });
        }
      }
    }
  },
});
