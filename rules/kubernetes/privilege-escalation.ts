import { defineRule } from '../../src/audit/load-rules.js';
import { containers, manifestObjects } from '../../src/rules-kit/kubernetes.js';
import { containerSecurityFix } from '../../src/rules-kit/fixes.js';
import { deployment, goodContainer } from './_examples.js';

export default defineRule({
  meta: {
    id: 'kubernetes/privilege-escalation',
    title: 'Containers forbid privilege escalation',
    description: 'Unless `allowPrivilegeEscalation: false` is set, a process can gain more privileges than its parent (setuid binaries, file capabilities): a non-root user can become root again.',
    remediation: 'Set `securityContext.allowPrivilegeEscalation: false` on every container.',
    checklistItem: 'security.access-control',
    severity: 'medium',
    artifacts: ['kubernetes'],
    equivalents: ['checkov:CKV_K8S_20', 'polaris:privilegeEscalationAllowed'],
    fixable: true,
    examples: {
      fail: [{ path: 'k8s/deployment.yaml', code: deployment('containers:\n  - name: app\n    image: ghcr.io/acme/api:1.4.2\n    securityContext: {runAsNonRoot: true}\n') }],
      pass: [{ path: 'k8s/deployment.yaml', code: deployment(goodContainer) }],
    },
  },
  check(ctx) {
    let ok = 0;
    for (const o of manifestObjects(ctx)) {
      for (const c of containers(o)) {
        if (c.container.securityContext?.allowPrivilegeEscalation === false) {
          ok++;
          continue;
        }
        // Only a missing setting is fixed: an explicit `true` is a choice, left to a person.
        const fix = c.container.securityContext?.allowPrivilegeEscalation === undefined ? containerSecurityFix(c, 'allowPrivilegeEscalation', 'false') : undefined;
        ctx.report({ message: `container ${c.name} of ${o.kind} ${o.name} allows privilege escalation: set securityContext.allowPrivilegeEscalation: false`, at: c.at('securityContext', 'allowPrivilegeEscalation'), ...(fix ? { fix } : {}) });
      }
    }
    if (ok) ctx.evidence('containers forbid privilege escalation');
  },
});
