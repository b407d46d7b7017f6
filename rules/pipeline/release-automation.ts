import { defineRule } from '../../src/audit/load-rules.js';
import { byActivity } from '../../src/rules-kit/ci-activities.js';
import { recordEvidence, reportGap } from '../../src/rules-kit/ci-evidence.js';

export default defineRule({
  meta: {
    id: 'pipeline/release-automation',
    title: 'Releases are cut automatically (semver, changelog, tags)',
    description:
      'Hand-made releases drift: versions are skipped or reused, changelogs are forgotten, tags point at the wrong commit. Release tooling in CI derives the next semver from the commits, writes the changelog, tags and publishes in one step.',
    remediation:
      'Run release tooling in CI on the main branch: `googleapis/release-please-action`, semantic-release, changesets, goreleaser, or a tag-triggered workflow that runs `gh release create --generate-notes`.',
    checklistItem: 'delivery.release-automation',
    severity: 'medium',
    artifacts: ['github-workflow', 'gitlab-ci'],
    scope: 'repository',
    examples: {
      fail: [
        { path: '.github/workflows/ci.yml', code: 'on: pull_request\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: npm test\n' },
        { path: 'CHANGELOG.md', code: '# Changelog\n\n## 1.2.0\n- edited by hand\n', note: 'a changelog, but nothing automates it' },
      ],
      pass: [
        {
          path: '.github/workflows/release.yml',
          code:
            'on:\n  push:\n    branches: [main]\npermissions:\n  contents: write\n  pull-requests: write\njobs:\n  release:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: googleapis/release-please-action@d1a8f221d7723166f48a584aebba00ef3f6febec # v4.1.4\n        with:\n          release-type: node\n',
        },
        { path: '.gitlab-ci.yml', code: 'release:\n  rules:\n    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH\n  script:\n    - npx semantic-release\n' },
      ],
    },
  },
  check(ctx) {
    if (recordEvidence(ctx, byActivity(ctx.repo, 'release'), 'releases with')) return;
    reportGap(ctx, { message: 'no release automation in CI (release-please, semantic-release, changesets, goreleaser, `gh release create`): versions, tags and changelog are made by hand' });
  },
});
