import { defineRule } from '../../src/audit/load-rules.js';
import { containers, imageParts, kustomizeImageTag, manifestObjects } from '../../src/rules-kit/kubernetes.js';
import { deployment, goodContainer } from './_examples.js';

export default defineRule({
  meta: {
    id: 'kubernetes/image-pull-policy',
    title: 'Image pull policy fits the tag',
    description: '`imagePullPolicy: Never` runs whatever a node happens to have cached; with a mutable tag and `IfNotPresent`, nodes keep running an old image under the same tag. Either way pods of one workload can run different code.',
    remediation: 'Pin an immutable tag (then `IfNotPresent` is safe), or use `imagePullPolicy: Always` for mutable tags; never `Never` outside local development.',
    checklistItem: 'containers.pinned-base-images',
    severity: 'low',
    artifacts: ['kubernetes'],
    examples: {
      fail: [
        { path: 'k8s/deployment.yaml', code: deployment('containers:\n  - name: app\n    image: ghcr.io/acme/api:1.4.2\n    imagePullPolicy: Never\n') },
        { path: 'k8s/deployment.yaml', code: deployment('containers:\n  - name: app\n    image: ghcr.io/acme/api:main\n    imagePullPolicy: IfNotPresent\n'), note: 'a branch tag moves' },
      ],
      pass: [{ path: 'k8s/deployment.yaml', code: deployment(goodContainer + '\n    imagePullPolicy: IfNotPresent\n') }],
    },
  },
  check(ctx) {
    for (const o of manifestObjects(ctx)) {
      for (const c of containers(o)) {
        const policy = c.container.imagePullPolicy;
        const image = c.container.image;
        if (typeof image !== 'string') continue;
        if (policy === 'Never') {
          ctx.report({ message: `container ${c.name} uses imagePullPolicy: Never and runs whatever the node has cached: use IfNotPresent with a pinned tag`, at: c.at('imagePullPolicy') });
          continue;
        }
        if (policy !== 'IfNotPresent') continue;
        const p = imageParts(image);
        const tag = kustomizeImageTag(ctx.repo, ctx.artifact.path, p.name) ?? p.digest ?? p.tag ?? 'latest';
        if (/^(latest|main|master|develop|dev|stable|edge|nightly|staging|prod|production)$/.test(tag)) {
          ctx.report({ message: `container ${c.name} pulls the moving tag "${tag}" with IfNotPresent, so nodes keep stale images: pin a version`, at: c.at('imagePullPolicy') });
        }
      }
    }
  },
});
