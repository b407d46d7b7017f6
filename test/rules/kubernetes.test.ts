// Kubernetes rules: kustomize (namespaces from overlays, patch files), positions, multi-document files.
import { describe, expect, it } from 'vitest';
import { loadRules } from '../../src/audit/load-rules.js';
import { runExample } from '../../src/audit/testing.js';
import type { Rule } from '../../src/audit/types.js';

const rules = await loadRules();
const rule = (id: string): Rule => rules.find((r) => r.meta.id === id)!;

const DEP = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 2
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
        - name: app
          image: ghcr.io/acme/api:1.4.2
          securityContext:
            runAsUser: 0
`;

describe('kubernetes rules', () => {
  it('points at the offending field of the right document in a multi-document file', async () => {
    const code = 'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: api}\n---\n' + DEP;
    const f = await runExample(rule('kubernetes/run-as-non-root'), { path: 'k8s/all.yaml', code });
    expect(f.map((x) => `${x.line}:${x.column}`)).toEqual(['21:24']);
  });
  it('does not judge kustomize patch files as whole objects', async () => {
    const patch = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\nspec:\n  replicas: 3\n';
    const f = await runExample(rule('kubernetes/schema'), {
      path: 'overlays/prod/replicas.yaml',
      code: patch,
      files: { 'overlays/prod/kustomization.yaml': 'resources: [../../base]\npatches:\n  - path: replicas.yaml\n' },
    });
    expect(f).toEqual([]);
    const probes = await runExample(rule('kubernetes/probes'), {
      path: 'overlays/prod/replicas.yaml',
      code: patch,
      files: { 'overlays/prod/kustomization.yaml': 'resources: [../../base]\npatchesStrategicMerge: [replicas.yaml]\n' },
    });
    expect(probes).toEqual([]);
  });
  it('takes the namespace from an overlay that includes the base through a directory', async () => {
    const f = await runExample(rule('kubernetes/default-namespace'), {
      path: 'k8s/base/deployment.yaml',
      code: DEP,
      files: { 'k8s/base/kustomization.yaml': 'resources:\n  - deployment.yaml\n', 'k8s/overlays/dev/kustomization.yaml': 'namespace: api-dev\nresources:\n  - ../../base\n' },
    });
    expect(f).toEqual([]);
  });
  it('matches NetworkPolicies through labels added by kustomize', async () => {
    const f = await runExample(rule('kubernetes/network-policy'), {
      path: 'k8s/base/deployment.yaml',
      code: DEP,
      files: {
        'k8s/base/kustomization.yaml': 'commonLabels:\n  team: shop\nresources: [deployment.yaml, netpol.yaml]\n',
        'k8s/base/netpol.yaml': 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: team}\nspec:\n  podSelector:\n    matchExpressions: [{key: team, operator: In, values: [shop]}]\n',
      },
    });
    expect(f).toEqual([]);
  });
  it('reports an unknown field at its key', async () => {
    const code = DEP.replace('          image:', '          imagee:');
    const f = await runExample(rule('kubernetes/schema'), { path: 'k8s/deployment.yaml', code });
    expect(f.map((x) => `${x.line}:${x.column} ${x.message}`)).toEqual(['15:11 Deployment api: unknown field spec.template.spec.containers[0].imagee: check its spelling and indentation']);
  });
});

describe('vendored schema interpreter agrees with ajv', () => {
  it('gives the same verdict as ajv for every single-field mutation of a Deployment', async () => {
    const { loadSchema, validator } = await import('../../src/schemas.js');
    const { schemaError } = await import('../../src/rules-kit/kubernetes.js');
    const { parse } = await import('yaml');
    const all = loadSchema('kubernetes/kubernetes.schema.json') as { 'x-kinds': Record<string, string>; $defs: Record<string, object>; $schema: string };
    const ref = all['x-kinds']['apps/v1/Deployment'];
    const ajv = validator({ $schema: all.$schema, $defs: all.$defs, $ref: ref });
    const base = parse(DEP.replace('runAsUser: 0', 'runAsUser: 10001') + '          ports: [{containerPort: 8080, protocol: TCP}]\n          resources: {limits: {cpu: 1, memory: 256Mi}}\n');
    const variants: unknown[] = [base];
    const walk = (node: unknown, path: Array<string | number>) => {
      if (!node || typeof node !== 'object') return;
      for (const [k, v] of Object.entries(node)) {
        const p = [...path, Array.isArray(node) ? Number(k) : k];
        const mutate = (fn: (parent: Record<string, unknown>, key: string) => void) => {
          const copy = structuredClone(base);
          let parent = copy;
          for (const q of p.slice(0, -1)) parent = parent[q];
          fn(parent, k);
          variants.push(copy);
        };
        if (!Array.isArray(node)) mutate((o, key) => ((o[key + 'x'] = o[key]), delete o[key]));
        mutate((o, key) => (o[key] = typeof o[key] === 'string' ? 42 : 'text'));
        walk(v, p);
      }
    };
    walk(base, []);
    expect(variants.length).toBeGreaterThan(50);
    for (const v of variants) {
      const ours = schemaError({ $ref: ref } as never, all.$defs as never, v) === undefined;
      expect(ours, JSON.stringify(v)).toBe(ajv(v) as boolean);
    }
  });
});
