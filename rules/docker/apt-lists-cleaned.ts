import { defineRule } from '../../src/audit/load-rules.js';
import { finalStage, lineage, programOf, runScripts } from '../../src/rules-kit/docker.js';

export default defineRule({
  meta: {
    id: 'docker/apt-lists-cleaned',
    title: 'apt lists are removed in the same RUN',
    description: 'The package index fetched by `apt-get update` (tens of MB) stays in the layer unless removed in the same RUN; it also goes stale and invites installs from an old index.',
    remediation: 'End the RUN with `&& rm -rf /var/lib/apt/lists/*`, or mount a cache: `RUN --mount=type=cache,target=/var/lib/apt/lists …`.',
    checklistItem: 'containers.minimal-image',
    severity: 'low',
    artifacts: ['dockerfile'],
    equivalents: ['hadolint:DL3009'],
    examples: {
      fail: [{ path: 'Dockerfile', code: 'FROM debian:12.5-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5\n' }],
      pass: [
        { path: 'Dockerfile', code: 'FROM debian:12.5-slim\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5 \\\n && rm -rf /var/lib/apt/lists/*\n' },
        { path: 'Dockerfile', code: 'FROM debian:12.5-slim AS build\nRUN apt-get update && apt-get install -y --no-install-recommends gcc=4:12.2.0-3\nFROM gcr.io/distroless/base-debian12:nonroot\nCOPY --from=build /out /app\n', note: 'only stages that end up in the final image count' },
        { path: 'Dockerfile', code: 'FROM debian:12.5-slim\nRUN --mount=type=cache,target=/var/lib/apt/lists apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5\n' },
      ],
    },
  },
  check(ctx) {
    const st = finalStage(ctx.artifact);
    if (!st) return;
    for (const s of lineage(st)) {
      for (const run of s.instructions.filter((i) => i.getKeyword() === 'RUN')) {
        const flags = ((run as unknown as { getFlags?(): Array<{ getName(): string; getValue(): string | null }> }).getFlags?.() ?? []);
        if (flags.some((f) => f.getName() === 'mount' && /target=\/var\/lib\/apt(\/lists)?\/?(,|$)/.test(f.getValue() ?? ''))) continue;
        const cmds = runScripts(ctx.artifact, run).flatMap((x) => x.commands);
        const update = cmds.find((c) => programOf(c).name === 'apt-get' && programOf(c).args.includes('update'));
        if (!update) continue;
        const cleaned = cmds.some((c) => {
          const p = programOf(c);
          return (p.name === 'rm' && p.args.some((a) => /^\/var\/lib\/apt\/lists(\/\*?)?$/.test(a))) || (p.name === 'apt-get' && p.args.includes('clean') && false);
        });
        if (!cleaned) ctx.report({ message: 'apt-get update leaves /var/lib/apt/lists in the layer: add `&& rm -rf /var/lib/apt/lists/*` to this RUN', at: update.word(0) });
      }
    }
  },
});
