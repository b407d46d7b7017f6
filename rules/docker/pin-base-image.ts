import { defineRule } from '../../src/audit/load-rules.js';
import { spanOf, stages } from '../../src/rules-kit/docker.js';

const DIGEST = 'sha256:' + 'a'.repeat(64);

export default defineRule({
  meta: {
    id: 'docker/pin-base-image',
    title: 'Base image is pinned to a version',
    description:
      'A FROM without a tag, or with `latest`, builds from whatever the registry serves that day: builds stop being reproducible and a new upstream release can break or compromise production without a code change. Global `ARG` defaults are expanded before judging, as Docker does.',
    remediation: 'Pin an exact version (`node:20.11.1-bookworm-slim`), ideally with its digest (`@sha256:…`).',
    checklistItem: 'containers.pinned-base-images',
    severity: 'high',
    artifacts: ['dockerfile'],
    equivalents: ['hadolint:DL3006', 'hadolint:DL3007', 'checkov:CKV_DOCKER_7'],
    defaultOptions: { requireDigest: false },
    optionsDoc: { requireDigest: 'Also require an `@sha256:` digest on every base image (reported at low severity).' },
    examples: {
      fail: [
        { path: 'Dockerfile', code: 'FROM node\nCMD ["node", "server.js"]\n' },
        { path: 'Dockerfile', code: 'FROM python:latest\n' },
        { path: 'Dockerfile', code: 'ARG BASE=node\nFROM ${BASE} AS build\n', note: 'ARG defaults are expanded' },
        { path: 'Dockerfile', code: 'FROM node:20.11.1-slim\n', options: { requireDigest: true }, note: 'with requireDigest' },
      ],
      pass: [
        { path: 'Dockerfile', code: 'FROM node:20.11.1-bookworm-slim AS build\nFROM build\n', note: 'a stage name is not an image' },
        { path: 'Dockerfile', code: `FROM gcr.io/distroless/nodejs20-debian12@${DIGEST}\n` },
        { path: 'Dockerfile', code: 'ARG NODE_VERSION=20.11.1\nFROM node:${NODE_VERSION}-alpine\n' },
        { path: 'Dockerfile', code: 'FROM scratch\n' },
      ],
    },
  },
  check(ctx) {
    const requireDigest = ctx.options.requireDigest === true;
    let pinned = 0;
    for (const st of stages(ctx.artifact)) {
      if (st.parent || st.scratch) continue;
      const range = st.from.getImageRange() ?? st.from.getRange();
      const at = spanOf(ctx.artifact, range);
      if (!st.ref) continue; // unresolved ARG without default: nothing certain to say
      const { tag, digest } = st.ref;
      const shown = st.image === st.rawImage ? st.image : `${st.rawImage} (${st.image})`;
      if (!digest && (!tag || tag === 'latest')) {
        ctx.report({
          message: tag === 'latest' ? `base image ${shown} uses the moving "latest" tag: pin an exact version` : `base image ${shown} has no tag: pin an exact version`,
          at,
        });
        continue;
      }
      pinned++;
      if (requireDigest && !digest) ctx.report({ message: `base image ${shown} is not pinned by digest: append @sha256:…`, at, severity: 'low' });
    }
    if (pinned > 0) {
      ctx.evidence('base images pinned to a version', { at: { line: 1 } });
      ctx.evidence('container images built from pinned bases', { at: { line: 1 } }, 'infrastructure.immutable');
    }
  },
});
