import { defineRule } from '../../src/audit/load-rules.js';
import { fileSteps, isSecretRef } from '../../src/rules-kit/workflows.js';
import { valueOffsetToFile } from '../../src/rules-kit/ci-script.js';

const PRINTERS = new Set(['echo', 'printf', 'print']);

export default defineRule({
  meta: {
    id: 'github-actions/no-secrets-in-logs',
    title: 'Secrets are not printed to the log',
    description:
      'GitHub masks a secret only when it appears verbatim; printed transformed (base64, JSON, split across lines) or as part of a structured value it lands in the log, which everyone with read access — on a public repository, everyone — can read. Printing a secret is never needed.',
    remediation:
      'Do not `echo` secrets. Pipe them into the command that needs them (`echo "$TOKEN" | docker login --password-stdin`), write them to a file (`> ~/.npmrc`), or pass them through `env:`; mask derived values with `::add-mask::`.',
    checklistItem: 'security.secrets-management',
    severity: 'high',
    artifacts: ['github-workflow', 'github-action'],
    examples: {
      fail: [
        {
          path: '.github/workflows/ci.yml',
          code: 'on: push\njobs:\n  debug:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo "token is ${{ secrets.NPM_TOKEN }}"\n',
        },
        {
          path: '.github/workflows/ci.yml',
          code: 'on: push\njobs:\n  debug:\n    runs-on: ubuntu-24.04\n    env:\n      DB_PASSWORD: ${{ secrets.DB_PASSWORD }}\n    steps:\n      - run: |\n          set -eu\n          printf "%s\\n" "$DB_PASSWORD" | base64\n          echo "password: $DB_PASSWORD"\n',
        },
      ],
      pass: [
        {
          path: '.github/workflows/ci.yml',
          code: 'on: push\njobs:\n  push:\n    runs-on: ubuntu-24.04\n    steps:\n      - env:\n          TOKEN: ${{ secrets.REGISTRY_TOKEN }}\n        run: |\n          echo "$TOKEN" | docker login ghcr.io -u bot --password-stdin\n          echo "//registry.npmjs.org/:_authToken=$TOKEN" > ~/.npmrc\n',
        },
        { path: '.github/workflows/ci.yml', code: 'on: push\njobs:\n  mask:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo "::add-mask::${{ secrets.DERIVED }}"\n' },
      ],
    },
  },
  check(ctx) {
    const parsed = fileSteps(ctx.artifact);
    if (!parsed) return;
    const secretEnv = (env: Record<string, unknown>) => Object.entries(env).filter(([, v]) => isSecretRef(String(v ?? ''))).map(([k]) => k);
    const wfEnv = parsed.workflow ? secretEnv(parsed.workflow.env) : [];
    let printed = 0;
    for (const { step, job } of parsed.steps) {
      if (!step.script || !step.runNode) continue;
      const names = new Set([...wfEnv, ...(job ? secretEnv(job.env) : []), ...secretEnv(step.env)]);
      for (const c of step.script.commands) {
        if (!PRINTERS.has(c.args[0]) || c.redirected || c.piped) continue;
        const words = c.raw.slice(1);
        if (words.some((w) => w.includes('::add-mask::'))) continue;
        const hit = words.find((w) => isSecretRef(w) || [...names].some((n) => new RegExp(`\\$\\{?${n}\\b`).test(w)));
        if (!hit) continue;
        const which = /secrets\.([A-Za-z_]\w*)/.exec(hit)?.[1] ?? [...names].find((n) => hit.includes(n));
        const start = valueOffsetToFile(step.runNode, ctx.artifact.text, c.start);
        printed++;
        ctx.report({ at: { offset: start, length: c.end - c.start }, message: `\`${c.args[0]}\` prints the secret \`${which}\` to the log: pipe it into the command that needs it or write it to a file instead` });
      }
    }
    const values = parsed.steps.flatMap(({ step }) => [step.run ?? '', ...Object.values(step.with), ...Object.values(step.env)]).concat(Object.values(parsed.workflow?.env ?? {}), ...(parsed.workflow?.jobs ?? []).map((j) => Object.values(j.env)));
    const used = values.filter((v) => isSecretRef(String(v ?? ''))).length;
    if (!printed && used) ctx.evidence(`\`${ctx.artifact.path}\` uses ${used} secret reference${used > 1 ? 's' : ''} without printing them`, { at: { line: 1 } });
  },
});
