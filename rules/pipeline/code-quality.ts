import { defineRule } from '../../src/audit/load-rules.js';
import { byActivity } from '../../src/rules-kit/ci-activities.js';
import { recordEvidence, reportGap } from '../../src/rules-kit/ci-evidence.js';

export default defineRule({
  meta: {
    id: 'pipeline/code-quality',
    title: 'CI checks lint, formatting or types',
    description:
      'Linters, formatters and type checkers catch whole classes of bugs and keep reviews about behaviour rather than style — but only when CI enforces them; a local hook alone can be skipped.',
    remediation:
      'Run the linters in CI on pull requests: `eslint`/`biome`, `ruff`/`flake8`, `golangci-lint`, `prettier --check`, `tsc --noEmit`, `mypy`, `shellcheck`, `hadolint`, `actionlint`, or `pre-commit run --all-files`.',
    checklistItem: 'cicd.code-quality',
    severity: 'medium',
    artifacts: ['github-workflow', 'gitlab-ci'],
    scope: 'repository',
    examples: {
      fail: [
        { path: '.github/workflows/ci.yml', code: 'on: pull_request\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: npm test\n' },
        { path: '.gitlab-ci.yml', code: 'test:\n  script:\n    - prettier --write .\n    - pytest\n', note: '`prettier --write` fixes, it does not check' },
      ],
      pass: [
        { path: '.github/workflows/ci.yml', code: 'on: pull_request\njobs:\n  lint:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: |\n          npx eslint .\n          npx tsc --noEmit\n' },
        { path: '.gitlab-ci.yml', code: 'lint:\n  script:\n    - ruff check .\n    - ruff format --check .\n' },
        {
          path: '.github/workflows/ci.yml',
          code: 'on: pull_request\njobs:\n  lint:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: ./.github/actions/lint\n',
          files: { '.github/actions/lint/action.yml': 'name: lint\nruns:\n  using: composite\n  steps:\n    - run: golangci-lint run\n      shell: bash\n' },
          note: 'a local composite action is followed',
        },
      ],
    },
  },
  check(ctx) {
    const found = byActivity(ctx.repo, 'lint', 'format', 'typecheck');
    if (recordEvidence(ctx, found)) return;
    reportGap(ctx, {
      message: ctx.repo.has('pre-commit-config')
        ? 'lint and format checks run only as local pre-commit hooks: run `pre-commit run --all-files` (or the linters) in CI'
        : 'no lint, format or type check runs in CI: add one (`eslint`, `ruff`, `golangci-lint`, `prettier --check`, `tsc --noEmit` …) to the pull-request workflow',
    });
  },
});
