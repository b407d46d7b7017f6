import { defineRule } from '../../src/audit/load-rules.js';
import { effectiveInstructions, finalStage, spanOf } from '../../src/rules-kit/docker.js';

export default defineRule({
  meta: {
    id: 'docker/healthcheck',
    title: 'Image declares a HEALTHCHECK',
    description:
      'Without a HEALTHCHECK, Docker and compose only know whether the process exists, not whether it serves: a hung server stays "up" and dependent services start against it.',
    remediation: 'Add `HEALTHCHECK --interval=30s --timeout=3s CMD ["/app/healthcheck"]` (or a curl/wget of the health endpoint) to the final stage.',
    checklistItem: 'containers.healthcheck',
    severity: 'medium',
    artifacts: ['dockerfile'],
    equivalents: ['checkov:CKV_DOCKER_2'],
    examples: {
      fail: [
        { path: 'Dockerfile', code: 'FROM node:20.11.1-slim\nUSER node\nCMD ["node", "server.js"]\n' },
        { path: 'Dockerfile', code: 'FROM node:20.11.1-slim\nHEALTHCHECK NONE\n', note: 'explicitly disabled' },
      ],
      pass: [
        { path: 'Dockerfile', code: 'FROM node:20.11.1-slim\nHEALTHCHECK --interval=30s CMD ["node", "healthcheck.js"]\nCMD ["node", "server.js"]\n' },
        { path: 'Dockerfile', code: 'FROM node:20.11.1-slim AS base\nHEALTHCHECK CMD ["node", "hc.js"]\nFROM base\nCMD ["node", "server.js"]\n', note: 'inherited from the stage it builds on' },
      ],
    },
  },
  check(ctx) {
    const st = finalStage(ctx.artifact);
    if (!st) return;
    const hcs = effectiveInstructions(st).filter((i) => i.getKeyword() === 'HEALTHCHECK');
    const last = hcs[hcs.length - 1];
    if (!last) {
      ctx.report({ message: 'the final stage has no HEALTHCHECK: add one that probes the service', at: spanOf(ctx.artifact, st.from.getRange()) });
      return;
    }
    if ((last.getArgumentsContent() ?? '').trim().toUpperCase() === 'NONE') {
      ctx.report({ message: 'HEALTHCHECK NONE disables health checking: replace it with a probe of the service', at: last });
      return;
    }
    ctx.evidence('Dockerfile declares a HEALTHCHECK', { at: last });
  },
});
