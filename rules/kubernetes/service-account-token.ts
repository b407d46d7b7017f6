import { defineRule } from '../../src/audit/load-rules.js';
import { manifestObjects, podSpec, podSpecPath, quietServiceAccounts } from '../../src/rules-kit/kubernetes.js';
import { deployment, goodContainer } from './_examples.js';

export default defineRule({
  meta: {
    id: 'kubernetes/service-account-token',
    title: 'Service account tokens are mounted only where needed',
    description: 'By default every pod gets a token for its service account mounted at a well-known path: anyone who gets code execution in the pod can call the Kubernetes API with it. Most apps never call the API.',
    remediation: 'Set `automountServiceAccountToken: false` on the pod spec (or on its ServiceAccount), and use a dedicated ServiceAccount per app.',
    checklistItem: 'security.access-control',
    severity: 'low',
    artifacts: ['kubernetes'],
    equivalents: ['checkov:CKV_K8S_38'],
    examples: {
      fail: [{ path: 'k8s/deployment.yaml', code: deployment(goodContainer) }],
      pass: [
        { path: 'k8s/deployment.yaml', code: deployment('automountServiceAccountToken: false\n' + goodContainer) },
        { path: 'k8s/deployment.yaml', code: deployment('serviceAccountName: api\n' + goodContainer) + '---\napiVersion: v1\nkind: ServiceAccount\nmetadata: {name: api, namespace: shop}\nautomountServiceAccountToken: false\n', note: 'set on the ServiceAccount' },
      ],
    },
  },
  check(ctx) {
    const quietAccounts = new Set(quietServiceAccounts(ctx.repo));
    for (const o of manifestObjects(ctx)) {
      if (o.kind === 'ServiceAccount' && o.value.automountServiceAccountToken === false) quietAccounts.add(o.name);
    }
    let ok = 0;
    for (const o of manifestObjects(ctx)) {
      const spec = podSpec(o);
      const p = podSpecPath(o);
      if (!spec || !p) continue;
      if (spec.automountServiceAccountToken === false) {
        ok++;
        continue;
      }
      if (spec.automountServiceAccountToken === undefined && quietAccounts.has(String(spec.serviceAccountName ?? spec.serviceAccount ?? 'default'))) {
        ok++;
        continue;
      }
      ctx.report({ message: `${o.kind} ${o.name} mounts a service account token: set automountServiceAccountToken: false unless it calls the Kubernetes API`, at: o.at(...p, 'automountServiceAccountToken') });
    }
    if (ok) ctx.evidence('pods do not mount service account tokens they do not need');
  },
});
