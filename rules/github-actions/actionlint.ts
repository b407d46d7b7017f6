import { defineRule } from '../../src/audit/load-rules.js';
import { actionlint } from '../../src/rules-kit/actionlint.js';

export default defineRule({
  meta: {
    id: 'github-actions/actionlint',
    title: 'Workflows pass actionlint',
    description:
      'actionlint type-checks workflows the way GitHub will read them: unknown keys, wrong `needs`, invalid expressions and contexts, bad `runs-on` labels, undefined inputs and outputs, untrusted inputs in scripts. An error it finds is a workflow that fails — or silently misbehaves — the first time it runs.',
    remediation: 'Fix the problem actionlint names (its kind is in brackets); see https://github.com/rhysd/actionlint/blob/main/docs/checks.md.',
    checklistItem: 'cicd.code-quality',
    severity: 'high',
    artifacts: ['github-workflow'],
    examples: {
      fail: [
        { path: '.github/workflows/ci.yml', code: 'on: push\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    needs: build\n    steps:\n      - run: make test\n', note: '`needs` an undefined job' },
        { path: '.github/workflows/ci.yml', code: 'on: push\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo "${{ github.events.name }}"\n', note: 'no such context property' },
      ],
      pass: [
        { path: '.github/workflows/ci.yml', code: 'on: push\njobs:\n  build:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: make\n  test:\n    runs-on: ubuntu-24.04\n    needs: build\n    steps:\n      - run: make test\n' },
        { path: '.github/workflows/ci.yml', code: 'on:\n  pull_request:\n    branches: [main]\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    timeout-minutes: 10\n    steps:\n      - run: echo "${{ github.event.pull_request.number }}"\n' },
      ],
    },
  },
  async check(ctx) {
    const problems = await actionlint(ctx.artifact.text);
    for (const p of problems) {
      ctx.report({ at: { line: p.line, column: p.column, endLine: p.line, endColumn: p.column + 1 }, message: `${p.message.replace(/ in object type \{.*\}$/, ' in this context')} [${p.kind}]` });
    }
    if (!problems.length) ctx.evidence(`actionlint finds no problem in \`${ctx.artifact.path}\``, { at: { line: 1 } });
  },
});
