import { defineRule } from '../../src/audit/load-rules.js';
import { clusterView, sameNamespace, scalersOf, SERVING_KINDS } from '../../src/rules-kit/kubernetes.js';

const HPA = 'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: api, namespace: shop}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}\n  minReplicas: 2\n  maxReplicas: 10\n  metrics:\n    - type: Resource\n      resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}\n';
const DEP = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: shop}\nspec:\n  selector: {matchLabels: {app: api}}\n  template:\n    metadata: {labels: {app: api}}\n    spec:\n      containers: [{name: app, image: "ghcr.io/acme/api:1.4.2"}]\n';

export default defineRule({
  meta: {
    id: 'kubernetes/autoscaling',
    title: 'Serving workloads are autoscaled',
    description: 'A fixed replica count is either too many pods at night or too few at the peak. A HorizontalPodAutoscaler (or KEDA ScaledObject) follows load between a safe minimum and a cost ceiling.',
    remediation: 'Add a HorizontalPodAutoscaler targeting the workload with `minReplicas: 2`, a `maxReplicas` above it (e.g. 10) and CPU/memory utilisation targets (70% / 80%).',
    checklistItem: 'infrastructure.autoscaling',
    severity: 'medium',
    artifacts: ['kubernetes'],
    scope: 'repository',
    equivalents: ['kube-score:horizontalpodautoscaler-has-target'],
    examples: {
      fail: [
        { path: 'k8s/deployment.yaml', code: DEP },
        { path: 'k8s/hpa.yaml', code: HPA.replace('name: api}\n  minReplicas', 'name: apii}\n  minReplicas'), files: { 'k8s/deployment.yaml': DEP }, note: 'the HPA targets a workload that does not exist' },
        { path: 'k8s/hpa.yaml', code: HPA.replace('maxReplicas: 10', 'maxReplicas: 2'), files: { 'k8s/deployment.yaml': DEP }, note: 'max equals min: it cannot scale' },
      ],
      pass: [{ path: 'k8s/deployment.yaml', code: DEP, files: { 'k8s/hpa.yaml': HPA } }],
    },
  },
  check(ctx) {
    const view = clusterView(ctx.repo);
    const workloads = view.objects.filter((o) => SERVING_KINDS.has(o.kind) && (o.kind !== 'Rollout' || o.apiVersion.startsWith('argoproj.io/')));
    for (const o of view.objects) {
      if (o.kind !== 'HorizontalPodAutoscaler') continue;
      const ref = o.value.spec?.scaleTargetRef ?? {};
      const target = workloads.find((w) => w.kind === ref.kind && w.name === ref.name && sameNamespace(view, o, w));
      const file = o.artifact.path;
      if (!target && workloads.length) {
        ctx.report({ file, message: `HorizontalPodAutoscaler ${o.name} targets ${ref.kind ?? '?'} ${ref.name ?? '?'}, which is not defined here: fix scaleTargetRef`, at: o.at('spec', 'scaleTargetRef') });
        continue;
      }
      const min = Number(o.value.spec?.minReplicas ?? 1);
      const max = Number(o.value.spec?.maxReplicas);
      if (!(max > min)) {
        ctx.report({ file, message: `HorizontalPodAutoscaler ${o.name} has maxReplicas ${o.value.spec?.maxReplicas} not above minReplicas ${min}: it cannot scale`, at: o.at('spec', 'maxReplicas') });
        continue;
      }
      ctx.evidence(`HorizontalPodAutoscaler ${o.name} scales ${ref.kind} ${ref.name} between ${min} and ${max}`, { file, at: o.at('spec', 'maxReplicas') });
    }
    for (const w of workloads) {
      if (w.kind === 'StatefulSet' && !scalersOf(view, w).length) continue; // stateful stores are scaled deliberately
      if (!scalersOf(view, w).length) {
        ctx.report({ file: w.artifact.path, message: `${w.kind} ${w.name} has no HorizontalPodAutoscaler: add one with minReplicas 2 and a higher maxReplicas`, at: w.at('metadata', 'name') });
      } else if (w.kind === 'ScaledObject') ctx.evidence(`KEDA scales ${w.name}`, { file: w.artifact.path });
    }
  },
});
