import { defineRule } from '../../src/audit/load-rules.js';
import { manifestObjects } from '../../src/rules-kit/kubernetes.js';

const NS = (labels: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n${labels}`;

export default defineRule({
  meta: {
    id: 'kubernetes/pod-security-admission',
    title: 'Namespaces enforce a Pod Security Standard',
    description: 'The Pod Security admission controller refuses pods that break the `baseline` or `restricted` standard (root, privileged, host namespaces…) only in namespaces labelled to enforce it; unlabelled namespaces accept anything.',
    remediation: 'Label each application namespace `pod-security.kubernetes.io/enforce: restricted` (or `baseline`), or enforce equivalent policies with Kyverno or Gatekeeper.',
    checklistItem: 'security.compliance',
    severity: 'medium',
    artifacts: ['kubernetes'],
    examples: {
      fail: [
        { path: 'k8s/namespace.yaml', code: NS('    app: shop\n') },
        { path: 'k8s/namespace.yaml', code: NS('    pod-security.kubernetes.io/enforce: privileged\n') },
      ],
      pass: [{ path: 'k8s/namespace.yaml', code: NS('    pod-security.kubernetes.io/enforce: restricted\n') }],
    },
  },
  check(ctx) {
    for (const o of manifestObjects(ctx)) {
      if (o.kind === 'ClusterPolicy' || o.kind === 'ConstraintTemplate' || o.kind === 'ValidatingAdmissionPolicy') {
        ctx.evidence(`admission policy ${o.kind} ${o.name} enforced in the cluster`, { at: o.at('metadata', 'name') });
        continue;
      }
      if (o.kind !== 'Namespace') continue;
      if (/^kube-|^(default|kube-system)$/.test(o.name)) continue;
      const level = o.value.metadata?.labels?.['pod-security.kubernetes.io/enforce'];
      if (level === 'restricted' || level === 'baseline') {
        ctx.evidence(`namespace ${o.name} enforces the ${level} Pod Security Standard`, { at: o.at('metadata', 'labels', 'pod-security.kubernetes.io/enforce') });
      } else {
        ctx.report({
          message: level ? `namespace ${o.name} enforces "${level}", which allows privileged pods: enforce restricted or baseline` : `namespace ${o.name} enforces no Pod Security Standard: label it pod-security.kubernetes.io/enforce: restricted`,
          at: level ? o.at('metadata', 'labels', 'pod-security.kubernetes.io/enforce') : o.at('metadata', 'name'),
        });
      }
    }
  },
});
