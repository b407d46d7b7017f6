import { defineRule } from '../../src/audit/load-rules.js';
import { composeServices, effectiveInstructions, finalStage, serviceNode, stages } from '../../src/rules-kit/docker.js';
import { dirOf } from '../../src/rules-kit/repo-paths.js';

function dockerfileHasHealthcheck(ctx: Parameters<Parameters<typeof defineRule>[0]['check']>[0], composePath: string, build: unknown): boolean | undefined {
  const dir = dirOf(composePath);
  let context = '.';
  let file = 'Dockerfile';
  let target: string | undefined;
  if (typeof build === 'string') context = build;
  else if (build && typeof build === 'object') {
    const b = build as { context?: string; dockerfile?: string; target?: string };
    context = b.context ?? '.';
    file = b.dockerfile ?? 'Dockerfile';
    target = b.target;
  }
  const join = (...p: string[]) => {
    const parts: string[] = [];
    for (const seg of p.join('/').split('/')) {
      if (!seg || seg === '.') continue;
      if (seg === '..') parts.pop();
      else parts.push(seg);
    }
    return parts.join('/');
  };
  const path = join(dir, context, file);
  const a = ctx.repo.get(path);
  if (!a || !a.is('dockerfile')) return undefined;
  const st = target ? stages(a).find((s) => s.name === target.toLowerCase()) : finalStage(a);
  if (!st) return undefined;
  const hc = effectiveInstructions(st).filter((i) => i.getKeyword() === 'HEALTHCHECK').pop();
  return !!hc && (hc.getArgumentsContent() ?? '').trim().toUpperCase() !== 'NONE';
}

export default defineRule({
  meta: {
    id: 'compose/healthcheck',
    title: 'Services have a health check',
    description: 'Without a health check, compose only knows that the process exists: `depends_on: condition: service_healthy` cannot work and a hung service looks "up".',
    remediation: 'Add a `healthcheck:` to the service (or a HEALTHCHECK to the image it builds).',
    checklistItem: 'containers.healthcheck',
    severity: 'medium',
    artifacts: ['compose'],
    examples: {
      fail: [
        { path: 'compose.yaml', code: 'services:\n  api:\n    image: ghcr.io/acme/api:1.4.2\n' },
        { path: 'compose.yaml', code: 'services:\n  api:\n    image: ghcr.io/acme/api:1.4.2\n    healthcheck:\n      disable: true\n' },
      ],
      pass: [
        { path: 'compose.yaml', code: 'services:\n  db:\n    image: postgres:16.3-alpine\n    healthcheck:\n      test: ["CMD-SHELL", "pg_isready -U postgres"]\n      interval: 10s\n' },
        { path: 'compose.yaml', code: 'services:\n  api:\n    build: .\n', files: { Dockerfile: 'FROM node:20.11.1-slim\nHEALTHCHECK CMD ["node", "hc.js"]\n' }, note: 'the image it builds has a HEALTHCHECK' },
        { path: 'compose.yaml', code: 'services:\n  migrate:\n    image: ghcr.io/acme/api:1.4.2\n    restart: "no"\n    command: ["migrate"]\n', note: 'one-shot jobs are not checked' },
      ],
    },
  },
  check(ctx) {
    for (const s of composeServices(ctx.artifact)) {
      const hc = s.value.healthcheck as { disable?: boolean; test?: unknown } | undefined;
      if (hc && (hc.disable === true || (Array.isArray(hc.test) && hc.test[0] === 'NONE'))) {
        ctx.report({ message: `service ${s.name} disables its health check: define one that probes the service`, at: serviceNode(s, 'healthcheck') });
        continue;
      }
      if (hc) {
        ctx.evidence(`compose service ${s.name} has a healthcheck`, { at: serviceNode(s, 'healthcheck') });
        continue;
      }
      if (s.value.restart === 'no' || s.value.restart === false) continue;
      if (s.value.build !== undefined && dockerfileHasHealthcheck(ctx, ctx.artifact.path, s.value.build)) {
        ctx.evidence(`compose service ${s.name} builds an image with a HEALTHCHECK`, { at: s.key });
        continue;
      }
      ctx.report({ message: `service ${s.name} has no healthcheck: add one so dependents can wait for it to be ready`, at: s.key });
    }
  },
});
