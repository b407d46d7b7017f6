import { defineRule } from '../../src/audit/load-rules.js';
import { composeServices, parseImageRef, serviceNode } from '../../src/rules-kit/docker.js';

export default defineRule({
  meta: {
    id: 'compose/pin-image',
    title: 'Service images are pinned to a version',
    description: 'An image without a tag, or with `latest`, changes under you: the same compose file starts different software on different days and machines.',
    remediation: 'Pin an exact version (`postgres:16.3-alpine`), ideally with a digest; use `${VAR:-default}` with a pinned default when the version comes from the environment.',
    checklistItem: 'containers.pinned-base-images',
    severity: 'high',
    artifacts: ['compose'],
    equivalents: ['hadolint:DL3007'],
    examples: {
      fail: [
        { path: 'compose.yaml', code: 'services:\n  db:\n    image: postgres\n' },
        { path: 'compose.yaml', code: 'services:\n  cache:\n    image: redis:latest\n' },
      ],
      pass: [
        { path: 'compose.yaml', code: 'services:\n  db:\n    image: postgres:16.3-alpine\n  api:\n    build: .\n    image: acme/api\n', note: 'the name given to a built image is not a base image' },
        { path: 'compose.yaml', code: 'services:\n  api:\n    image: ghcr.io/acme/api:${API_VERSION:-1.4.2}\n' },
      ],
    },
  },
  check(ctx) {
    let pinned = 0;
    for (const s of composeServices(ctx.artifact)) {
      const image = s.value.image;
      if (typeof image !== 'string' || s.value.build !== undefined) continue;
      const expanded = image.replace(/\$\{\w+:?-([^}]*)\}/g, '$1');
      if (expanded.includes('$')) continue;
      const ref = parseImageRef(expanded);
      if (!ref) continue;
      if (!ref.digest && (!ref.tag || ref.tag === 'latest')) {
        ctx.report({ message: `service ${s.name} uses ${image}${ref.tag ? '' : ' without a tag'}: pin an exact version`, at: serviceNode(s, 'image') });
      } else pinned++;
    }
    if (pinned) ctx.evidence('compose images pinned to versions');
  },
});
