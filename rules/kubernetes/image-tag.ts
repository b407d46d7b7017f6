import { defineRule } from '../../src/audit/load-rules.js';
import { containers, imageParts, kustomizeImageTag, manifestObjects } from '../../src/rules-kit/kubernetes.js';
import { deployment, goodContainer } from './_examples.js';

export default defineRule({
  meta: {
    id: 'kubernetes/image-tag',
    title: 'Container images are pinned to a version',
    description: 'An image without a tag or with `latest` makes every pod restart a possible upgrade: two replicas of one Deployment can run different code, and a rollback cannot go back to what ran before.',
    remediation: 'Use an immutable version tag (`ghcr.io/acme/api:1.4.2`) or a digest, set directly or through kustomize `images: newTag`.',
    checklistItem: 'containers.pinned-base-images',
    severity: 'high',
    artifacts: ['kubernetes'],
    equivalents: ['kube-score:container-image-tag', 'checkov:CKV_K8S_14', 'polaris:tagNotSpecified'],
    examples: {
      fail: [
        { path: 'k8s/deployment.yaml', code: deployment('containers:\n  - name: app\n    image: nginx\n') },
        { path: 'k8s/statefulset.yaml', code: 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db}\nspec:\n  serviceName: db\n  selector: {matchLabels: {app: db}}\n  template:\n    metadata: {labels: {app: db}}\n    spec:\n      initContainers:\n        - name: init\n          image: busybox:latest\n      containers:\n        - name: db\n          image: postgres:16.3\n' },
      ],
      pass: [
        { path: 'k8s/deployment.yaml', code: deployment(goodContainer) },
        { path: 'base/deployment.yaml', code: deployment('containers:\n  - name: app\n    image: ghcr.io/acme/api\n'), files: { 'base/kustomization.yaml': 'resources: [deployment.yaml]\nimages:\n  - name: ghcr.io/acme/api\n    newTag: 1.4.2\n' }, note: 'the tag is set by kustomize' },
      ],
    },
  },
  check(ctx) {
    let ok = 0;
    for (const o of manifestObjects(ctx)) {
      for (const c of containers(o, ['containers', 'initContainers', 'ephemeralContainers'])) {
        const image = c.container.image;
        if (typeof image !== 'string' || image.includes('{{') || image.includes('$')) continue;
        const p = imageParts(image);
        const override = kustomizeImageTag(ctx.repo, ctx.artifact.path, p.name);
        const tag = override ?? p.digest ?? p.tag;
        if (!tag || tag === 'latest') {
          ctx.report({ message: `container ${c.name} of ${o.kind} ${o.name} uses ${image}${p.tag ? '' : ' without a tag'}: pin a version or digest`, at: c.at('image') });
        } else ok++;
      }
    }
    if (ok) {
      ctx.evidence('Kubernetes images pinned to versions');
      ctx.evidence('workloads deploy immutable, versioned images', undefined, 'infrastructure.immutable');
    }
  },
});
