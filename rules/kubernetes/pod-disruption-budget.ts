import { defineRule } from '../../src/audit/load-rules.js';
import { clusterView, podLabels, sameNamespace, selects, SERVING_KINDS } from '../../src/rules-kit/kubernetes.js';

const DEP = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: shop}\nspec:\n  replicas: 3\n  selector: {matchLabels: {app: api}}\n  template:\n    metadata: {labels: {app: api}}\n    spec:\n      containers: [{name: app, image: "ghcr.io/acme/api:1.4.2"}]\n';
const PDB = 'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: api, namespace: shop}\nspec:\n  maxUnavailable: 1\n  selector: {matchLabels: {app: api}}\n';

export default defineRule({
  meta: {
    id: 'kubernetes/pod-disruption-budget',
    title: 'Replicated workloads have a PodDisruptionBudget',
    description: 'Node drains (upgrades, autoscaler scale-down) evict pods without regard for the service: without a PodDisruptionBudget all replicas can be evicted at once.',
    remediation: 'Add a PodDisruptionBudget selecting the pods with `maxUnavailable: 1` (or `minAvailable`).',
    checklistItem: 'infrastructure.disaster-recovery',
    severity: 'medium',
    artifacts: ['kubernetes'],
    scope: 'repository',
    equivalents: ['kube-score:deployment-has-poddisruptionbudget', 'kube-score:statefulset-has-poddisruptionbudget', 'polaris:missingPodDisruptionBudget'],
    examples: {
      fail: [
        { path: 'k8s/deployment.yaml', code: DEP },
        { path: 'k8s/deployment.yaml', code: DEP, files: { 'k8s/pdb.yaml': PDB.replace('maxUnavailable: 1', 'maxUnavailable: 0') }, note: 'a budget that allows no eviction blocks node drains' },
      ],
      pass: [{ path: 'k8s/deployment.yaml', code: DEP, files: { 'k8s/pdb.yaml': PDB } }],
    },
  },
  check(ctx) {
    const view = clusterView(ctx.repo);
    const pdbs = view.objects.filter((o) => o.kind === 'PodDisruptionBudget');
    for (const p of pdbs) {
      const s = p.value.spec ?? {};
      if (s.maxUnavailable === 0 || s.maxUnavailable === '0%' || s.minAvailable === '100%') {
        ctx.report({ file: p.artifact.path, message: `PodDisruptionBudget ${p.name} allows no disruption, which blocks node drains: use maxUnavailable: 1`, at: p.at('spec', s.maxUnavailable !== undefined ? 'maxUnavailable' : 'minAvailable') });
      }
    }
    for (const w of view.objects) {
      if (!SERVING_KINDS.has(w.kind) || w.kind === 'ReplicaSet') continue;
      const replicas = Number(w.value.spec?.replicas ?? 1);
      const scaled = view.objects.some((h) => h.kind === 'HorizontalPodAutoscaler' && h.value.spec?.scaleTargetRef?.name === w.name);
      if (replicas < 2 && !scaled) continue;
      const labels = { ...view.labelsOf(w.artifact.path), ...podLabels(w) };
      const pdb = pdbs.find((p) => sameNamespace(view, p, w) && selects(p.value.spec?.selector, labels));
      if (!pdb) ctx.report({ file: w.artifact.path, message: `${w.kind} ${w.name} has no PodDisruptionBudget: add one with maxUnavailable: 1`, at: w.at('metadata', 'name') });
      else ctx.evidence(`PodDisruptionBudget ${pdb.name} protects ${w.kind} ${w.name}`, { file: pdb.artifact.path });
    }
  },
});
