import { defineRule } from '../../src/audit/load-rules.js';
import { manifestObjects, podSpec, podSpecPath } from '../../src/rules-kit/kubernetes.js';
import { deployment, goodContainer } from './_examples.js';

export default defineRule({
  meta: {
    id: 'kubernetes/host-namespaces',
    title: 'Pods do not share the host network, PID or IPC namespace',
    description: 'hostNetwork puts the pod on the node\'s network (NetworkPolicies no longer apply, node-local services become reachable); hostPID and hostIPC expose every process and shared memory segment of the node.',
    remediation: 'Remove `hostNetwork`, `hostPID` and `hostIPC` (or set them to false); expose ports through a Service.',
    checklistItem: 'security.network-security',
    severity: 'high',
    artifacts: ['kubernetes'],
    equivalents: ['checkov:CKV_K8S_17', 'checkov:CKV_K8S_18', 'checkov:CKV_K8S_19', 'polaris:hostNetworkSet', 'polaris:hostPIDSet', 'polaris:hostIPCSet'],
    examples: {
      fail: [{ path: 'k8s/deployment.yaml', code: deployment('hostNetwork: true\n' + goodContainer) }],
      pass: [{ path: 'k8s/deployment.yaml', code: deployment('hostNetwork: false\n' + goodContainer) }],
    },
  },
  check(ctx) {
    for (const o of manifestObjects(ctx)) {
      const spec = podSpec(o);
      const p = podSpecPath(o);
      if (!spec || !p) continue;
      for (const k of ['hostNetwork', 'hostPID', 'hostIPC']) {
        if (spec[k] === true) ctx.report({ message: `${o.kind} ${o.name} sets ${k}: true, sharing the node's namespace: remove it`, at: o.at(...p, k) });
      }
    }
  },
});
