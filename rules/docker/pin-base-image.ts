import { defineRule } from '../../src/audit/load-rules.js';

// An image reference is a value inside FROM: a regular expression is fine here.
const REF = /^(?<name>[^@:\s]+(?::\d+)?(?:\/[^@:\s]+)*)(?::(?<tag>[\w][\w.-]*))?(?:@(?<digest>sha256:[a-f0-9]{64}))?$/;

export default defineRule({
  meta: {
    id: 'docker/pin-base-image',
    title: 'Base image is pinned to a version',
    description:
      'A FROM without a tag, or with `latest`, builds from whatever the registry serves that day: builds stop being reproducible and a new upstream release can break or compromise production without a code change.',
    remediation: 'Pin an exact version (`node:20.11.1-bookworm-slim`), ideally with its digest (`@sha256:…`).',
    checklistItem: 'containers.pinned-base-images',
    severity: 'high',
    artifacts: ['dockerfile'],
    equivalents: ['hadolint:DL3006', 'hadolint:DL3007'],
    examples: {
      fail: [
        { path: 'Dockerfile', code: 'FROM node\nCMD ["node", "server.js"]\n' },
        { path: 'Dockerfile', code: 'FROM python:latest\n' },
      ],
      pass: [
        { path: 'Dockerfile', code: 'FROM node:20.11.1-bookworm-slim AS build\nFROM build\n', note: 'a stage name is not an image' },
        { path: 'Dockerfile', code: 'FROM gcr.io/distroless/nodejs20-debian12@sha256:' + 'a'.repeat(64) + '\n' },
        { path: 'Dockerfile', code: 'FROM scratch\n' },
      ],
    },
  },
  check(ctx) {
    const stages = new Set<string>();
    let pinned = 0;
    for (const from of ctx.artifact.dockerfile.ast.getFROMs()) {
      const image = from.getImage();
      const nameRange = from.getImageNameRange() ?? from.getRange();
      const stage = from.getBuildStage();
      if (image && !stages.has(image.toLowerCase()) && image !== 'scratch' && !image.includes('$')) {
        const m = REF.exec(image);
        const tag = m?.groups?.tag;
        const digest = m?.groups?.digest;
        if (!digest && (!tag || tag === 'latest')) {
          ctx.report({
            message: tag === 'latest' ? `base image ${image} uses the moving "latest" tag` : `base image ${image} has no tag`,
            at: { getRange: () => nameRange },
          });
        } else pinned++;
      }
      if (stage) stages.add(stage.toLowerCase());
    }
    if (pinned > 0) ctx.evidence(`base images pinned`, { at: { line: 1 } });
  },
});
