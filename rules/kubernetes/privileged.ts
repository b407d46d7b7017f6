import { defineRule } from '../../src/audit/load-rules.js';
import { containers, manifestObjects } from '../../src/rules-kit/kubernetes.js';
import { deployment, goodContainer } from './_examples.js';

export default defineRule({
  meta: {
    id: 'kubernetes/privileged',
    title: 'Containers are not privileged',
    description: 'A privileged container has every capability and all host devices: it is root on the node.',
    remediation: 'Remove `privileged: true`; grant the one capability the workload needs instead.',
    checklistItem: 'security.access-control',
    severity: 'high',
    artifacts: ['kubernetes'],
    equivalents: ['checkov:CKV_K8S_16', 'kube-score:container-security-context-privileged', 'polaris:runAsPrivileged'],
    examples: {
      fail: [{ path: 'k8s/daemonset.yaml', code: 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: agent}\nspec:\n  selector: {matchLabels: {app: agent}}\n  template:\n    metadata: {labels: {app: agent}}\n    spec:\n      containers:\n        - name: agent\n          image: ghcr.io/acme/agent:1.0.0\n          securityContext: {privileged: true}\n' }],
      pass: [{ path: 'k8s/deployment.yaml', code: deployment(goodContainer) }],
    },
  },
  check(ctx) {
    for (const o of manifestObjects(ctx)) {
      for (const c of containers(o, ['containers', 'initContainers', 'ephemeralContainers'])) {
        if (c.container.securityContext?.privileged === true) ctx.report({ message: `container ${c.name} of ${o.kind} ${o.name} is privileged: remove privileged: true`, at: c.at('securityContext', 'privileged') });
      }
    }
  },
});
