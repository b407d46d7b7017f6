import { defineRule } from '../../src/audit/load-rules.js';
import { clusterView, isWorkload, podLabels, sameNamespace, selects } from '../../src/rules-kit/kubernetes.js';

const DEP = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: shop}\nspec:\n  replicas: 2\n  selector: {matchLabels: {app: api}}\n  template:\n    metadata: {labels: {app: api, tier: web}}\n    spec:\n      containers: [{name: app, image: "ghcr.io/acme/api:1.4.2"}]\n';
const SVC = (sel: string) => `apiVersion: v1\nkind: Service\nmetadata: {name: api, namespace: shop}\nspec:\n  selector: {${sel}}\n  ports: [{port: 80, targetPort: 8080}]\n`;

export default defineRule({
  meta: {
    id: 'kubernetes/service-selector',
    title: 'Services select some pods',
    description: 'A Service whose selector matches no pod template has no endpoints: traffic to it fails, usually because of a label typo that no apply step reports.',
    remediation: 'Make the Service selector match the labels of the workload\'s pod template.',
    checklistItem: 'infrastructure.iac',
    severity: 'medium',
    artifacts: ['kubernetes'],
    scope: 'repository',
    equivalents: ['kube-score:service-targets-pod'],
    examples: {
      fail: [{ path: 'k8s/service.yaml', code: SVC('app: apii'), files: { 'k8s/deployment.yaml': DEP } }],
      pass: [
        { path: 'k8s/service.yaml', code: SVC('app: api'), files: { 'k8s/deployment.yaml': DEP } },
        { path: 'k8s/service.yaml', code: 'apiVersion: v1\nkind: Service\nmetadata: {name: db}\nspec:\n  type: ExternalName\n  externalName: db.example.com\n', note: 'no selector, nothing to match' },
      ],
    },
  },
  check(ctx) {
    const view = clusterView(ctx.repo);
    const workloads = view.objects.filter(isWorkload);
    if (!workloads.length) return; // pods come from elsewhere (Helm, another repo)
    for (const s of view.objects) {
      if (s.kind !== 'Service') continue;
      const sel = s.value.spec?.selector;
      if (!sel || typeof sel !== 'object' || !Object.keys(sel).length) continue;
      const ok = workloads.some((w) => sameNamespace(view, s, w) && selects(sel, { ...view.labelsOf(w.artifact.path), ...podLabels(w) }));
      if (!ok) ctx.report({ file: s.artifact.path, message: `Service ${s.name} selects ${JSON.stringify(sel)}, which no pod template here carries: fix the selector or the labels`, at: s.at('spec', 'selector') });
    }
  },
});
