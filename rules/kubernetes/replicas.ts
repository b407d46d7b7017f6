import { defineRule } from '../../src/audit/load-rules.js';
import { clusterView, podLabels, sameNamespace, scalersOf, selects, SERVING_KINDS } from '../../src/rules-kit/kubernetes.js';

const SVC = 'apiVersion: v1\nkind: Service\nmetadata: {name: api, namespace: shop}\nspec:\n  selector: {app: api}\n  ports: [{port: 80, targetPort: 8080}]\n';
const DEP = (n: number) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: shop}\nspec:\n  replicas: ${n}\n  selector: {matchLabels: {app: api}}\n  template:\n    metadata: {labels: {app: api}}\n    spec:\n      containers: [{name: app, image: "ghcr.io/acme/api:1.4.2"}]\n`;

export default defineRule({
  meta: {
    id: 'kubernetes/replicas',
    title: 'Workloads behind a Service run at least two replicas',
    description: 'One replica means every node drain, eviction or crash is an outage of the service. Two or more, spread across nodes, keep it serving.',
    remediation: 'Set `replicas: 2` or more (or an HPA with `minReplicas: 2`), with a PodDisruptionBudget and topology spread.',
    checklistItem: 'infrastructure.disaster-recovery',
    severity: 'medium',
    artifacts: ['kubernetes'],
    scope: 'repository',
    examples: {
      fail: [{ path: 'k8s/deployment.yaml', code: DEP(1), files: { 'k8s/service.yaml': SVC } }],
      pass: [
        { path: 'k8s/deployment.yaml', code: DEP(3), files: { 'k8s/service.yaml': SVC } },
        { path: 'k8s/deployment.yaml', code: DEP(1), note: 'no Service sends it traffic' },
      ],
    },
  },
  check(ctx) {
    const view = clusterView(ctx.repo);
    const services = view.objects.filter((o) => o.kind === 'Service' && o.value.spec?.selector && Object.keys(o.value.spec.selector).length);
    for (const w of view.objects) {
      if (!SERVING_KINDS.has(w.kind)) continue;
      const labels = { ...view.labelsOf(w.artifact.path), ...podLabels(w) };
      if (!services.some((s) => sameNamespace(view, s, w) && selects(s.value.spec.selector, labels))) continue;
      const hpas = scalersOf(view, w);
      const min = hpas.length ? Math.max(...hpas.map((h) => Number(h.value.spec?.minReplicas ?? 1))) : Number(w.value.spec?.replicas ?? 1);
      if (min < 2) {
        ctx.report({ file: w.artifact.path, message: `${w.kind} ${w.name} serves traffic with ${min} replica: run at least 2${hpas.length ? ' (raise the HPA minReplicas)' : ''}`, at: hpas.length ? w.at('metadata', 'name') : w.at('spec', 'replicas') });
      } else ctx.evidence(`${w.kind} ${w.name} runs ${min}+ replicas`, { file: w.artifact.path });
    }
  },
});
