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
