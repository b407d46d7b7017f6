import { defineRule } from '../../src/audit/load-rules.js';
import { activities, byActivity, type Found } from '../../src/rules-kit/ci-activities.js';
import { recordEvidence, reportGap } from '../../src/rules-kit/ci-evidence.js';
import { describeJob } from '../../src/rules-kit/ci-model.js';

/** Image references a push command or action publishes (tags, or the bare image for `docker push x`). */
function publishedRefs(f: Found): string[] | undefined {
  if (f.args) {
    const a = f.args;
    const i = a.findIndex((x) => x === 'push');
    if (i >= 0 && a[i + 1] && !a[i + 1].startsWith('-')) return [a[i + 1]];
    const tags: string[] = [];
    a.forEach((x, k) => {
      if (x === '-t' || x === '--tag') tags.push(a[k + 1] ?? '');
      else if (x.startsWith('--tag=')) tags.push(x.slice(6));
      else if (x.startsWith('--destination')) tags.push(x.includes('=') ? x.split('=')[1] : a[k + 1] ?? '');
    });
    return tags.length ? tags : undefined;
  }
  if (f.step && typeof f.step.with.tags === 'string') return f.step.with.tags.split(/[\n,]/).map((s) => s.trim()).filter(Boolean);
  return undefined;
}

function latestOnly(refs: string[]): boolean {
  return refs.length > 0 && refs.every((r) => {
    const last = r.replace(/^.*\//, '');
    const tag = last.includes(':') ? last.slice(last.lastIndexOf(':') + 1) : undefined;
    if (tag !== undefined) return tag === 'latest';
    // No tag: `latest`, unless a variable may carry the whole reference with its tag.
    if (/^\$\{?\w*IMAGE\}?$/.test(r)) return true;
    return !/\$|\{\{/.test(r);
  });
}

export default defineRule({
  meta: {
    id: 'pipeline/artifact-versioning',
    title: 'Artifacts are versioned from the git SHA or a semver tag',
    description:
      'An image published only as `latest` cannot be traced back to a commit, cannot be rolled back to, and changes under running deployments. Tagging each artifact with the commit SHA (and the release version) makes every deploy reproducible and every rollback a re-deploy of a known tag.',
    remediation:
      'Tag images with `${{ github.sha }}` / `$CI_COMMIT_SHORT_SHA` and, on releases, the semver tag (`docker/metadata-action` with `type=sha` and `type=semver`); version packages with release tooling (release-please, semantic-release, changesets).',
    checklistItem: 'cicd.artifact-versioning',
    severity: 'medium',
    artifacts: ['github-workflow', 'gitlab-ci'],
    scope: 'repository',
    examples: {
      fail: [
        {
          path: '.github/workflows/ci.yml',
          code: 'on: push\njobs:\n  image:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: |\n          docker build -t ghcr.io/acme/app:latest .\n          docker push ghcr.io/acme/app:latest\n',
        },
        { path: '.gitlab-ci.yml', code: 'publish:\n  script:\n    - docker build -t $CI_REGISTRY_IMAGE .\n    - docker push $CI_REGISTRY_IMAGE\n', note: 'no tag means `latest`' },
      ],
      pass: [
        {
          path: '.github/workflows/ci.yml',
          code:
            'on: push\njobs:\n  image:\n    runs-on: ubuntu-24.04\n    steps:\n      - id: meta\n        uses: docker/metadata-action@dc802804100637a589fabce1cb79ff13a1411302 # v6.2.0\n        with:\n          images: ghcr.io/acme/app\n          tags: |\n            type=sha\n            type=semver,pattern={{version}}\n      - uses: docker/build-push-action@53b7df96c91f9c12dcc8a07bcb9ccacbed38856a # v7.3.0\n        with:\n          push: true\n          tags: ${{ steps.meta.outputs.tags }}\n',
        },
        { path: '.gitlab-ci.yml', code: 'publish:\n  script:\n    - docker build -t $CI_REGISTRY_IMAGE:$CI_COMMIT_SHORT_SHA .\n    - docker push $CI_REGISTRY_IMAGE:$CI_COMMIT_SHORT_SHA\n' },
      ],
    },
  },
  check(ctx) {
    const all = activities(ctx.repo);
    for (const f of all) {
      if (f.activity !== 'image-push') continue;
      const refs = publishedRefs(f);
      if (refs && latestOnly(refs)) {
        ctx.report({ file: f.file, at: f.at, message: `${describeJob(f.job)} publishes \`${refs[0]}\` only as \`latest\`: also tag it with the commit SHA (\`\${{ github.sha }}\`, \`$CI_COMMIT_SHORT_SHA\`) or the release version` });
      }
    }
    const versioned = byActivity(ctx.repo, 'versioned-tag', 'release');
    if (recordEvidence(ctx, versioned, 'versions artifacts with')) return;
    if (!all.some((f) => f.activity === 'image-push')) {
      reportGap(ctx, { message: 'no CI job publishes a versioned artifact: tag images with the git SHA and semver (docker/metadata-action) or version packages with release tooling' });
    }
  },
});
