import picomatch from 'picomatch';
import type { Scalar } from 'yaml';
import { defineRule } from '../../src/audit/load-rules.js';
import { fileSteps, knownAction, parseUses } from '../../src/rules-kit/workflows.js';

const CO = 'actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1';

export default defineRule({
  meta: {
    id: 'github-actions/pin-actions-to-sha',
    title: 'Actions and reusable workflows are pinned to a full commit SHA',
    description:
      'A tag or branch (`@v4`, `@main`) is a moving pointer: whoever controls the action\'s repository — or compromises it, as in the tj-actions/changed-files incident — can change the code your workflow runs, with your secrets and token. A 40-character commit SHA is immutable; the trailing `# vX.Y.Z` comment keeps it readable and lets Dependabot update it.',
    remediation:
      'Replace the ref with the commit SHA of the release and keep the tag as a comment: `uses: actions/checkout@<sha> # v7.0.1`. Let Dependabot\'s `github-actions` ecosystem bump the pins. `--fix` pins actions whose tag is known to the audit.',
    checklistItem: 'security.compliance',
    severity: 'high',
    artifacts: ['github-workflow', 'github-action'],
    equivalents: ['zizmor:unpinned-uses'],
    fixable: true,
    defaultOptions: { allowTagsFor: [] },
    optionsDoc: { allowTagsFor: 'Glob patterns of actions that may stay on a version tag, e.g. `["actions/*", "github/*"]` (GitHub-owned actions).' },
    examples: {
      fail: [
        {
          path: '.github/workflows/ci.yml',
          code: 'on: push\njobs:\n  lint:\n    runs-on: ubuntu-24.04\n    steps:\n      - &checkout\n        uses: actions/checkout@v7\n        with:\n          persist-credentials: false\n      - run: make lint\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - *checkout\n      - run: make test\n',
          note: 'a step shared through a YAML anchor is reported once, at the anchor',
        },
        { path: '.github/workflows/ci.yml', code: 'on: push\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@v7.0.1\n      - uses: some-org/setup-tool@main\n' },
        { path: '.github/workflows/deploy.yml', code: 'on: push\njobs:\n  deploy:\n    uses: acme/workflows/.github/workflows/deploy.yml@v2\n', note: 'reusable workflows too' },
        { path: '.github/actions/setup/action.yml', code: 'name: setup\nruns:\n  using: composite\n  steps:\n    - uses: actions/setup-node@v7\n', note: 'composite actions too' },
      ],
      pass: [
        { path: '.github/workflows/ci.yml', code: `on: push\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: ${CO} # v7.0.1\n      - uses: ./.github/actions/setup\n` },
        { path: '.github/workflows/ci.yml', code: 'on: push\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@v7\n', options: { allowTagsFor: ['actions/*'] } },
      ],
    },
  },
  check(ctx) {
    const parsed = fileSteps(ctx.artifact);
    if (!parsed) return;
    const allow = ((ctx.options.allowTagsFor as string[] | undefined) ?? []).map((p) => picomatch(p));
    const refs: Array<{ value: string; node: Scalar }> = [];
    for (const { step } of parsed.steps) if (step.uses && step.usesNode) refs.push({ value: step.uses, node: step.usesNode });
    for (const job of parsed.workflow?.jobs ?? []) if (job.uses && job.usesNode) refs.push({ value: job.uses, node: job.usesNode });
    let pinned = 0;
    for (const { value, node } of refs) {
      const ref = parseUses(value);
      if (!ref || ref.kind === 'local') continue;
      if (ref.kind === 'docker') {
        if (!ref.pinnedSha) ctx.report({ at: node, message: `\`${value}\` runs a container image by tag: pin it by digest (\`docker://image@sha256:…\`)` });
        else pinned++;
        continue;
      }
      if (ref.pinnedSha) {
        pinned++;
        continue;
      }
      if (allow.some((m) => m(ref.name) || m(ref.slug ?? ''))) continue;
      const known = knownAction(ref.name);
      const exact = known && (ref.ref === known.tag || (ref.ref === known.major && known.majorSameCommit));
      const suggestion = known ? `\`${ref.name}@${known.sha} # ${known.tag}\`` : 'the release\'s commit SHA with the tag as a comment';
      let fix;
      if (exact && node.range) {
        const text = ctx.artifact.text;
        const [start, end] = node.range;
        const src = text.slice(start, end);
        // Only plain scalars on one line, so that the comment can follow.
        if (src === value && !text.slice(end, text.indexOf('\n', end) === -1 ? text.length : text.indexOf('\n', end)).includes('#')) {
          fix = { description: `pin ${ref.name} to ${known.tag}`, edits: [{ start, end, text: `${ref.name}@${known.sha} # ${known.tag}` }] };
        }
      }
      ctx.report({
        at: node,
        message: `\`${value}\` is not pinned to a commit SHA: ${exact || !known ? 'use' : 'the latest known release is'} ${suggestion}${known && !exact ? ` (check the changes from ${ref.ref})` : ''}`,
        ...(fix ? { fix } : {}),
      });
    }
    if (pinned && pinned === refs.filter((r) => parseUses(r.value)?.kind !== 'local').length) {
      ctx.evidence(pinned > 1 ? `\`${ctx.artifact.path}\` pins all ${pinned} actions to commit SHAs` : `\`${ctx.artifact.path}\` pins its action to a commit SHA`, { at: refs[0].node });
    }
  },
});
