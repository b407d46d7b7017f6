import { defineRule } from '../../src/audit/load-rules.js';
import { clusterView, isWorkload, podLabels, sameNamespace, selects } from '../../src/rules-kit/kubernetes.js';

const DEP = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: shop}\nspec:\n  replicas: 2\n  selector: {matchLabels: {app: api}}\n  template:\n    metadata: {labels: {app: api}}\n    spec:\n      containers: [{name: app, image: "ghcr.io/acme/api:1.4.2"}]\n';
const DENY = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: default-deny, namespace: shop}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n';

export default defineRule({
  meta: {
    id: 'kubernetes/network-policy',
    title: 'Every workload is selected by a NetworkPolicy',
    description: 'Pods that no NetworkPolicy selects accept traffic from, and send traffic to, anything in the cluster: one compromised pod can reach every database and internal API.',
    remediation: 'Add a default-deny NetworkPolicy (`podSelector: {}`, both policy types) to the namespace and allow only the flows each app needs.',
    checklistItem: 'security.network-security',
    severity: 'medium',
    artifacts: ['kubernetes'],
    scope: 'repository',
    equivalents: ['kube-score:pod-networkpolicy', 'polaris:missingNetworkPolicy'],
    examples: {
      fail: [
        { path: 'k8s/deployment.yaml', code: DEP },
        { path: 'k8s/deployment.yaml', code: DEP, files: { 'k8s/netpol.yaml': DENY.replace('namespace: shop', 'namespace: other') }, note: 'a policy in another namespace does not count' },
      ],
      pass: [{ path: 'k8s/deployment.yaml', code: DEP, files: { 'k8s/netpol.yaml': DENY } }],
    },
  },
  check(ctx) {
    const view = clusterView(ctx.repo);
    const policies = view.objects.filter((o) => o.kind === 'NetworkPolicy' || o.kind === 'CiliumNetworkPolicy');
    for (const w of view.objects) {
      if (!isWorkload(w)) continue;
      const labels = { ...view.labelsOf(w.artifact.path), ...podLabels(w) };
      const np = policies.find((p) => sameNamespace(view, p, w) && selects(p.kind === 'NetworkPolicy' ? p.value.spec?.podSelector : p.value.spec?.endpointSelector, labels));
      if (!np) ctx.report({ file: w.artifact.path, message: `no NetworkPolicy selects the pods of ${w.kind} ${w.name}: add a default-deny policy and explicit allowances`, at: w.at('metadata', 'name') });
      else ctx.evidence(`NetworkPolicy ${np.name} selects ${w.kind} ${w.name}`, { file: np.artifact.path });
    }
  },
});
