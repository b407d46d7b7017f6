import { defineRule } from '../../src/audit/load-rules.js';
import { containers, manifestObjects, securityValue } from '../../src/rules-kit/kubernetes.js';
import { containerSecurityFix } from '../../src/rules-kit/fixes.js';
import { deployment, goodContainer } from './_examples.js';

export default defineRule({
  meta: {
    id: 'kubernetes/run-as-non-root',
    title: 'Containers run as a non-root user',
    description: 'A container running as UID 0 is root on the node\'s kernel: one escape bug away from the host. `runAsNonRoot: true` makes the kubelet refuse to start an image that would run as root.',
    remediation: 'Set `securityContext.runAsNonRoot: true` and a non-zero `runAsUser` (pod or container level), and build the image with a numeric non-root USER.',
    checklistItem: 'containers.non-root',
    severity: 'high',
    artifacts: ['kubernetes'],
    equivalents: ['checkov:CKV_K8S_23', 'polaris:runAsRootAllowed'],
    fixable: true,
    examples: {
      fail: [
        { path: 'k8s/deployment.yaml', code: deployment('containers:\n  - name: app\n    image: ghcr.io/acme/api:1.4.2\n') },
        { path: 'k8s/deployment.yaml', code: deployment('securityContext:\n  runAsNonRoot: true\ncontainers:\n  - name: app\n    image: ghcr.io/acme/api:1.4.2\n    securityContext:\n      runAsUser: 0\n'), note: 'container overrides the pod' },
      ],
      pass: [
        { path: 'k8s/deployment.yaml', code: deployment(goodContainer) },
        { path: 'k8s/deployment.yaml', code: deployment('securityContext:\n  runAsUser: 10001\ncontainers:\n  - name: app\n    image: ghcr.io/acme/api:1.4.2\n'), note: 'pod-level non-zero runAsUser' },
      ],
    },
  },
  check(ctx) {
    let ok = 0;
    for (const o of manifestObjects(ctx)) {
      for (const c of containers(o)) {
        const uid = securityValue(c, 'runAsUser');
        const nonRoot = securityValue(c, 'runAsNonRoot');
        if (uid === 0 || uid === '0') {
          ctx.report({ message: `container ${c.name} of ${o.kind} ${o.name} runs as UID 0: set a non-zero runAsUser`, at: c.container.securityContext?.runAsUser !== undefined ? c.at('securityContext', 'runAsUser') : o.at(...c.path.slice(0, -2), 'securityContext', 'runAsUser') });
        } else if (nonRoot === false) {
          ctx.report({ message: `container ${c.name} of ${o.kind} ${o.name} sets runAsNonRoot: false: set it to true`, at: c.at('securityContext', 'runAsNonRoot') });
        } else if (nonRoot !== true && !(typeof uid === 'number' && uid > 0)) {
          // Nothing set at either level: add the kubelet's check. UID 0 or an explicit false is left to a person.
          const fix = c.container.securityContext?.runAsNonRoot === undefined ? containerSecurityFix(c, 'runAsNonRoot', 'true') : undefined;
          ctx.report({ message: `container ${c.name} of ${o.kind} ${o.name} may run as root: set securityContext.runAsNonRoot: true and a non-zero runAsUser`, at: c.at('name'), ...(fix ? { fix } : {}) });
        } else ok++;
      }
    }
    if (ok) ctx.evidence('pods run as non-root (runAsNonRoot / runAsUser)');
  },
});
