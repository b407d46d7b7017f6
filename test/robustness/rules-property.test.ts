// Property: no input makes a rule throw. Seeds are every rule's own examples and generated
// stacks; mutations damage them (text and structure) and random documents land at the paths
// of every artifact kind. Any core/internal-error finding is a failure, shrunk by fast-check.
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { defaultAnswers, DEFAULT_REGISTRY } from '../../src/generate/answers.js';
import { renderStack } from '../../src/generate/stack.js';
import { pairwise } from '../helpers/matrix.js';
import { allRules, internalErrors, RUNS } from './harness.js';
import { applyAll, mutationsArb, valueArb } from './mutate.js';

const rules = await allRules();

describe('mutated rule examples make no rule throw', () => {
  for (const rule of rules) {
    const examples = [...rule.meta.examples.fail, ...rule.meta.examples.pass];
    if (!examples.length) continue;
    it(rule.meta.id, async () => {
      await fc.assert(
        fc.asyncProperty(fc.nat(), mutationsArb, async (i, ms) => {
          const ex = examples[i % examples.length];
          const memory = { ...(ex.files ?? {}), [ex.path]: applyAll(ex.path, ex.code, ms) };
          expect(await internalErrors(memory)).toEqual([]);
        }),
        { numRuns: RUNS },
      );
    });
  }
});

describe('mutated generated stacks make no rule throw', () => {
  // The defaults plus the first pairwise case of each other runtime and of ECS: every app skeleton,
  // both orchestrators and several clouds, at a bounded cost.
  const all = pairwise();
  const want: Array<[string, string]> = [['python', 'gcp'], ['go', 'azure'], ['java', 'gcp'], ['existing', 'azure']];
  const picks = [...want.map(([r, c]) => all.find((p) => p.runtime === r && p.cloud === c) ?? all.find((p) => p.runtime === r)), all.find((p) => p.orchestrator === 'ecs')].filter((p): p is NonNullable<typeof p> => Boolean(p));
  const cases = [defaultAnswers(), ...[...new Set(picks)].map((p, i) => defaultAnswers({ name: `svc-${i}`, ...p, ...(p.cloud ? { registry: DEFAULT_REGISTRY[p.cloud] } : {}) }))];
  for (const [n, answers] of cases.entries()) {
    it(`stack ${n} (${answers.cloud}/${answers.orchestrator}/${answers.runtime})`, async () => {
      const files = await renderStack(answers);
      const base = Object.fromEntries(files.map((f) => [f.path, f.content]));
      expect(await internalErrors(base)).toEqual([]);
      // Damage one to three files at once: repository-scope rules read several together.
      await fc.assert(
        fc.asyncProperty(fc.array(fc.tuple(fc.nat(), mutationsArb), { minLength: 1, maxLength: 3 }), async (edits) => {
          const memory = { ...base };
          for (const [i, ms] of edits) {
            const f = files[i % files.length];
            memory[f.path] = applyAll(f.path, memory[f.path], ms);
          }
          expect(await internalErrors(memory)).toEqual([]);
        }),
        { numRuns: Math.max(4, Math.round(RUNS / 2)) },
      );
    });
  }
});

/** One path per artifact kind the classifier knows, so random content reaches every rule. */
const KIND_PATHS = [
  '.github/workflows/ci.yml', 'action.yml', '.gitlab-ci.yml', '.github/dependabot.yml', 'docker-compose.yml', 'kustomization.yaml',
  'charts/app/Chart.yaml', 'charts/app/values.yaml', 'charts/app/templates/deployment.yaml', '.pre-commit-config.yaml',
  '.devops-audit.yaml', 'k8s/deployment.yaml', 'monitoring/prometheus.yml', 'monitoring/alerts.yml', 'monitoring/alertmanager.yml',
  'grafana/provisioning/datasources/ds.yaml', 'monitoring/otel-collector.yaml', 'renovate.json', 'dashboards/app.json',
  '.agency/handoff/f/devops-automator/files-changed.json', 'ai-state/active/devops/state.json', 'k8s/service.json', 'package.json',
  'Dockerfile', 'infrastructure/main.tf', 'infrastructure/prod.tfvars', 'config.hcl', 'scripts/deploy.sh', 'docs/runbooks/outage.md',
  'docs/architecture/overview.md', '.agency/handoff/f/devops-automator/summary.md', 'README.md', 'SECURITY.md', 'CODEOWNERS',
  '.env', '.dockerignore', '.gitignore', 'src/server.ts', 'app/main.py', 'main.go', 'src/Main.java', 'notes.txt',
];

/** Documents whose top level looks like the kind's (so classification keeps them) with random insides. */
const docArb = fc.oneof(
  fc.dictionary(fc.constantFrom('apiVersion', 'kind', 'metadata', 'spec', 'on', 'jobs', 'steps', 'services', 'groups', 'rules', 'route', 'receivers', 'scrape_configs', 'stages', 'updates', 'panels', 'resources', 'image', 'name', 'x'), valueArb, { maxKeys: 8 }),
  fc.record({ apiVersion: fc.constantFrom('v1', 'apps/v1', 'networking.k8s.io/v1', 'monitoring.coreos.com/v1', 'argoproj.io/v1alpha1'), kind: fc.constantFrom('Deployment', 'Pod', 'Service', 'Ingress', 'StatefulSet', 'CronJob', 'Role', 'PrometheusRule', 'Rollout', 'HorizontalPodAutoscaler', 'X'), spec: valueArb, metadata: valueArb }),
  fc.record({ on: valueArb, jobs: fc.dictionary(fc.string({ maxLength: 6 }), fc.record({ 'runs-on': valueArb, steps: fc.array(fc.dictionary(fc.constantFrom('uses', 'run', 'with', 'env', 'name', 'if'), valueArb, { maxKeys: 3 }), { maxLength: 3 }), permissions: valueArb }, { requiredKeys: [] }), { maxKeys: 2 }) }),
  valueArb,
);

const textArb = fc.oneof(
  docArb.map((d) => stringify(d, { lineWidth: 0 })),
  docArb.map((d) => JSON.stringify(d)),
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.array(fc.constantFrom('FROM a', 'RUN x', 'USER 0', 'resource "a" "b" {', '}', 'x = 1', '# h', '- [l](x)', 'key: v', '  - a', '\t', 'set -e', 'curl x | sh'), { maxLength: 20 }).map((l) => l.join('\n')),
);

describe('random documents at every kind\'s path make no rule throw', () => {
  it('one random file per kind path', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...KIND_PATHS), textArb, async (path, text) => {
        expect(await internalErrors({ [path]: text })).toEqual([]);
      }),
      { numRuns: RUNS * 20 },
    );
  });

  it('several random files together (repository-scope rules)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.constantFrom(...KIND_PATHS), textArb, { minKeys: 2, maxKeys: 8 }), async (memory) => {
        expect(await internalErrors(memory)).toEqual([]);
      }),
      { numRuns: RUNS * 4 },
    );
  });
});
