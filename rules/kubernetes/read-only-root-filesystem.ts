import { defineRule } from '../../src/audit/load-rules.js';
import { containers, manifestObjects } from '../../src/rules-kit/kubernetes.js';
import { containerSecurityFix } from '../../src/rules-kit/fixes.js';
import { deployment, goodContainer } from './_examples.js';

export default defineRule({
  meta: {
    id: 'kubernetes/read-only-root-filesystem',
    title: 'Containers have a read-only root filesystem',
    description: 'A writable root filesystem lets an attacker (or a bug) change the running container: drop binaries, edit config. A read-only root keeps every pod identical to its image; writable paths are explicit `emptyDir` mounts.',
    remediation: 'Set `securityContext.readOnlyRootFilesystem: true` and mount an `emptyDir` at the few paths the app writes (e.g. /tmp).',
    checklistItem: 'infrastructure.immutable',
    severity: 'medium',
    artifacts: ['kubernetes'],
    equivalents: ['checkov:CKV_K8S_22', 'kube-score:container-security-context-readonlyrootfilesystem', 'polaris:notReadOnlyRootFilesystem'],
    fixable: true,
    examples: {
      fail: [{ path: 'k8s/deployment.yaml', code: deployment('containers:\n  - name: app\n    image: ghcr.io/acme/api:1.4.2\n    securityContext: {readOnlyRootFilesystem: false}\n') }],
      pass: [{ path: 'k8s/deployment.yaml', code: deployment(goodContainer) }],
    },
  },
  check(ctx) {
    let ok = 0;
    for (const o of manifestObjects(ctx)) {
      for (const c of containers(o)) {
        if (c.container.securityContext?.readOnlyRootFilesystem === true) {
          ok++;
          continue;
        }
        // Only a missing setting is fixed: an explicit `false` is a choice (the app writes to its root).
        const fix = c.container.securityContext?.readOnlyRootFilesystem === undefined ? containerSecurityFix(c, 'readOnlyRootFilesystem', 'true') : undefined;
        ctx.report({ message: `container ${c.name} of ${o.kind} ${o.name} has a writable root filesystem: set securityContext.readOnlyRootFilesystem: true`, at: c.at('securityContext', 'readOnlyRootFilesystem'), ...(fix ? { fix } : {}) });
      }
    }
    if (ok) ctx.evidence('containers run with a read-only root filesystem');
  },
});
