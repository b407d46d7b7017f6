import { defineRule } from '../../src/audit/load-rules.js';
import { manifestObjects, podSpec, podSpecPath } from '../../src/rules-kit/kubernetes.js';
import { deployment, goodContainer } from './_examples.js';

export default defineRule({
  meta: {
    id: 'kubernetes/host-path',
    title: 'Pods do not mount host paths',
    description: 'A hostPath volume gives the pod the node\'s files: the container runtime socket, kubelet credentials, other pods\' data. Most container escapes start there.',
    remediation: 'Use emptyDir, a PersistentVolumeClaim, a ConfigMap/Secret or a CSI volume instead of hostPath.',
    checklistItem: 'security.access-control',
    severity: 'high',
    artifacts: ['kubernetes'],
    examples: {
      fail: [{ path: 'k8s/deployment.yaml', code: deployment(goodContainer + '\nvolumes:\n  - name: sock\n    hostPath: {path: /var/run/docker.sock}\n') }],
      pass: [{ path: 'k8s/deployment.yaml', code: deployment(goodContainer + '\nvolumes:\n  - name: tmp\n    emptyDir: {sizeLimit: 64Mi}\n') }],
    },
  },
  check(ctx) {
    for (const o of manifestObjects(ctx)) {
      const spec = podSpec(o);
      const p = podSpecPath(o);
      if (!spec || !p || !Array.isArray(spec.volumes)) continue;
      spec.volumes.forEach((v: { name?: string; hostPath?: { path?: string } }, i: number) => {
        if (v?.hostPath) ctx.report({ message: `${o.kind} ${o.name} mounts host path ${v.hostPath.path ?? ''} (volume ${v.name ?? i}): use emptyDir, a PVC or a CSI volume`, at: o.at(...p, 'volumes', i, 'hostPath') });
      });
    }
  },
});
