import { defineRule } from '../../src/audit/load-rules.js';
import { manifestObjects } from '../../src/rules-kit/kubernetes.js';

const ROLE = (rules: string) => `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: reader, namespace: shop}\nrules:\n${rules}`;

export default defineRule({
  meta: {
    id: 'kubernetes/rbac-least-privilege',
    title: 'RBAC grants no wildcards and no cluster-admin',
    description: 'A role with `*` verbs or resources grants today\'s and tomorrow\'s permissions, including secrets and escalation paths; binding cluster-admin to an app or a broad group hands over the cluster.',
    remediation: 'List the exact apiGroups, resources and verbs the subject needs; bind a narrow Role in the app\'s namespace instead of cluster-admin.',
    checklistItem: 'security.access-control',
    severity: 'high',
    artifacts: ['kubernetes'],
    equivalents: ['checkov:CKV_K8S_49'],
    examples: {
      fail: [
        { path: 'k8s/rbac.yaml', code: ROLE('  - apiGroups: [""]\n    resources: ["*"]\n    verbs: ["get", "list"]\n') },
        { path: 'k8s/binding.yaml', code: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: ci-admin}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}\nsubjects:\n  - {kind: ServiceAccount, name: ci, namespace: ci}\n' },
      ],
      pass: [{ path: 'k8s/rbac.yaml', code: ROLE('  - apiGroups: [""]\n    resources: ["configmaps"]\n    verbs: ["get", "list", "watch"]\n') }],
    },
  },
  check(ctx) {
    let ok = 0;
    for (const o of manifestObjects(ctx)) {
      if (o.kind === 'Role' || o.kind === 'ClusterRole') {
        const rules = Array.isArray(o.value.rules) ? o.value.rules : [];
        let bad = false;
        rules.forEach((r: Record<string, unknown>, i: number) => {
          for (const field of ['verbs', 'resources', 'apiGroups']) {
            const list = Array.isArray(r?.[field]) ? (r[field] as unknown[]) : [];
            const j = list.findIndex((x) => x === '*');
            if (j >= 0) {
              bad = true;
              ctx.report({ message: `${o.kind} ${o.name} grants "*" ${field}: list only what is needed`, at: o.at('rules', i, field, j) });
            }
          }
        });
        if (!bad) ok++;
      }
      if ((o.kind === 'ClusterRoleBinding' || o.kind === 'RoleBinding') && o.value.roleRef?.name === 'cluster-admin') {
        ctx.report({ message: `${o.kind} ${o.name} grants cluster-admin: bind a narrow Role instead`, at: o.at('roleRef', 'name') });
      }
    }
    if (ok) ctx.evidence('RBAC roles list explicit resources and verbs');
  },
});
