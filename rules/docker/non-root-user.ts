import { defineRule } from '../../src/audit/load-rules.js';
import { finalStage, lastUser, rootRef, spanOf } from '../../src/rules-kit/docker.js';

export default defineRule({
  meta: {
    id: 'docker/non-root-user',
    title: 'Final stage runs as a non-root user',
    description:
      'A container that runs as root turns any code-execution bug into root inside the container, one kernel bug away from the host. The last USER of the final stage (or of the stage it builds on) decides who the process runs as.',
    remediation: 'Create an unprivileged user and end the final stage with `USER 10001:10001` (a numeric id also satisfies `runAsNonRoot` in Kubernetes).',
    checklistItem: 'containers.non-root',
    severity: 'high',
    artifacts: ['dockerfile'],
    equivalents: ['hadolint:DL3002', 'checkov:CKV_DOCKER_3', 'checkov:CKV_DOCKER_8'],
    examples: {
      fail: [
        { path: 'Dockerfile', code: 'FROM node:20.11.1-slim\nCOPY . .\nCMD ["node", "server.js"]\n', note: 'no USER at all' },
        { path: 'Dockerfile', code: 'FROM node:20.11.1-slim\nUSER node\nRUN npm ci\nUSER root\n' },
        { path: 'Dockerfile', code: 'FROM alpine:3.20 AS base\nUSER 1000\nFROM golang:1.22 AS build\nFROM base\nUSER 0:0\n' },
      ],
      pass: [
        { path: 'Dockerfile', code: 'FROM node:20.11.1-slim\nUSER 10001:10001\nCMD ["node", "server.js"]\n' },
        { path: 'Dockerfile', code: 'FROM golang:1.22 AS build\nUSER root\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /app /app\n', note: 'distroless nonroot image runs as 65532' },
        { path: 'Dockerfile', code: 'FROM alpine:3.20 AS base\nUSER app\nFROM base\nCMD ["/app"]\n', note: 'USER inherited from the parent stage' },
      ],
    },
  },
  check(ctx) {
    const st = finalStage(ctx.artifact);
    if (!st) return;
    const user = lastUser(st);
    if (!user) {
      const ref = rootRef(st);
      if (ref && /(^|[-_.])nonroot([-_.]|$)/.test(ref.tag ?? '')) {
        ctx.evidence(`final stage uses the non-root image ${ref.repository}:${ref.tag}`, { at: spanOf(ctx.artifact, st.from.getRange()) });
        return;
      }
      ctx.report({ message: 'the final stage sets no USER, so the container runs as root: add `USER <uid>:<gid>` before CMD', at: spanOf(ctx.artifact, st.from.getRange()) });
      return;
    }
    const who = (user.getArgumentsContent() ?? '').trim();
    const name = who.split(':')[0];
    if (name === 'root' || name === '0') {
      ctx.report({ message: `the last USER is ${who}: switch to an unprivileged user (e.g. \`USER 10001:10001\`) after the steps that need root`, at: user });
      return;
    }
    ctx.evidence(`final stage runs as USER ${who}`, { at: user });
  },
});
