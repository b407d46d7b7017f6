import { defineRule } from '../../src/audit/load-rules.js';
import { containers, manifestObjects } from '../../src/rules-kit/kubernetes.js';
import { deployment, goodContainer } from './_examples.js';

const DANGEROUS = new Set(['ALL', 'SYS_ADMIN', 'NET_ADMIN', 'NET_RAW', 'SYS_PTRACE', 'SYS_MODULE', 'DAC_READ_SEARCH', 'SYS_RAWIO', 'BPF', 'PERFMON']);

export default defineRule({
  meta: {
    id: 'kubernetes/capabilities',
    title: 'Containers drop all capabilities',
    description: 'Container runtimes grant a default set of Linux capabilities (NET_RAW among them, which allows ARP and DNS spoofing inside the cluster network). Dropping ALL and adding back only what is needed removes that surface; SYS_ADMIN and friends are near-root.',
    remediation: 'Set `securityContext.capabilities.drop: [ALL]`; add back a single capability such as NET_BIND_SERVICE only when needed, never SYS_ADMIN, NET_RAW or ALL.',
    checklistItem: 'security.access-control',
    severity: 'medium',
    artifacts: ['kubernetes'],
    equivalents: ['checkov:CKV_K8S_28', 'checkov:CKV_K8S_37', 'checkov:CKV_K8S_39', 'polaris:dangerousCapabilities', 'polaris:insecureCapabilities'],
    examples: {
      fail: [
        { path: 'k8s/deployment.yaml', code: deployment('containers:\n  - name: app\n    image: ghcr.io/acme/api:1.4.2\n') },
        { path: 'k8s/deployment.yaml', code: deployment('containers:\n  - name: app\n    image: ghcr.io/acme/api:1.4.2\n    securityContext:\n      capabilities:\n        drop: [ALL]\n        add: [SYS_ADMIN]\n') },
      ],
      pass: [
        { path: 'k8s/deployment.yaml', code: deployment(goodContainer) },
        { path: 'k8s/deployment.yaml', code: deployment('containers:\n  - name: web\n    image: nginx:1.27.0\n    securityContext:\n      capabilities: {drop: [all], add: [NET_BIND_SERVICE]}\n') },
      ],
    },
  },
  check(ctx) {
    let ok = 0;
    for (const o of manifestObjects(ctx)) {
      for (const c of containers(o)) {
        const caps = c.container.securityContext?.capabilities ?? {};
        const drop = (Array.isArray(caps.drop) ? caps.drop : []).map((x: unknown) => String(x).toUpperCase());
        const add = (Array.isArray(caps.add) ? caps.add : []).map((x: unknown) => String(x).toUpperCase().replace(/^CAP_/, ''));
        let bad = false;
        add.forEach((cap: string, i: number) => {
          if (DANGEROUS.has(cap)) {
            bad = true;
            ctx.report({ message: `container ${c.name} adds capability ${cap}: remove it`, at: c.at('securityContext', 'capabilities', 'add', i), severity: cap === 'SYS_ADMIN' || cap === 'ALL' ? 'high' : undefined });
          }
        });
        if (!drop.includes('ALL')) {
          bad = true;
          ctx.report({ message: `container ${c.name} of ${o.kind} ${o.name} keeps the default capabilities: set securityContext.capabilities.drop: [ALL]`, at: c.at('securityContext', 'capabilities', 'drop') });
        }
        if (!bad) ok++;
      }
    }
    if (ok) ctx.evidence('containers drop all Linux capabilities');
  },
});
