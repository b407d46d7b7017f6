import { defineRule } from '../../src/audit/load-rules.js';
import { clusterView, manifestObjects } from '../../src/rules-kit/kubernetes.js';
import { deployment, goodContainer } from './_examples.js';

const CLUSTER_SCOPED = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'ClusterRole', 'ClusterRoleBinding', 'StorageClass', 'CustomResourceDefinition', 'PriorityClass', 'IngressClass',
  'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'APIService', 'RuntimeClass', 'CSIDriver',
  'ClusterIssuer', 'ClusterPolicy', 'ClusterSecretStore', 'ConstraintTemplate', 'ClusterAnalysisTemplate', 'VolumeSnapshotClass', 'PodSecurityPolicy',
]);

export default defineRule({
  meta: {
    id: 'kubernetes/default-namespace',
    title: 'Objects are not deployed to the default namespace',
    description: 'The `default` namespace is where everything lands by accident: its RBAC, quotas and network policies are rarely set up, and workloads there share them with whatever else was dropped in.',
    remediation: 'Set `metadata.namespace` to the application\'s namespace, or set `namespace:` in the kustomization that deploys the file.',
    checklistItem: 'security.access-control',
    severity: 'low',
    artifacts: ['kubernetes'],
    equivalents: ['checkov:CKV_K8S_21'],
    examples: {
      fail: [
        { path: 'k8s/deployment.yaml', code: deployment(goodContainer).replace('  namespace: shop\n', '') },
        { path: 'k8s/service.yaml', code: 'apiVersion: v1\nkind: Service\nmetadata: {name: api, namespace: default}\nspec:\n  selector: {app: api}\n  ports: [{port: 80}]\n' },
      ],
      pass: [
        { path: 'k8s/deployment.yaml', code: deployment(goodContainer) },
        { path: 'base/service.yaml', code: 'apiVersion: v1\nkind: Service\nmetadata: {name: api}\nspec:\n  selector: {app: api}\n  ports: [{port: 80}]\n', files: { 'base/kustomization.yaml': 'resources: [service.yaml]\n', 'overlays/prod/kustomization.yaml': 'namespace: shop-prod\nresources: [../../base]\n' }, note: 'the overlay sets the namespace' },
      ],
    },
  },
  check(ctx) {
    const view = clusterView(ctx.repo);
    const fromKustomize = view.namespacesOf(ctx.artifact.path);
    for (const o of manifestObjects(ctx)) {
      if (CLUSTER_SCOPED.has(o.kind)) continue;
      if (fromKustomize.size && ![...fromKustomize].includes('default')) continue;
      if (o.namespace && o.namespace !== 'default') continue;
      ctx.report({
        message: `${o.kind} ${o.name} ${o.namespace ? 'is in' : 'falls into'} the default namespace: set metadata.namespace (or namespace: in its kustomization)`,
        at: o.namespace ? o.at('metadata', 'namespace') : o.at('metadata', 'name'),
      });
    }
  },
});
