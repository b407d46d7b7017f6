import { defineRule } from '../../src/audit/load-rules.js';
import { spanOf, stages } from '../../src/rules-kit/docker.js';

export default defineRule({
  meta: {
    id: 'docker/copy-from-known-stage',
    title: 'COPY --from names an earlier stage',
    description: 'COPY --from=<name> with a name that is no earlier stage is read as an image to pull: a typo silently copies from a Docker Hub image of that name, or fails late.',
    remediation: 'Use the alias of an earlier `FROM … AS <name>` (or a full image reference with a tag, e.g. `--from=ghcr.io/org/tool:1.2.3`).',
    checklistItem: 'cicd.code-quality',
    severity: 'medium',
    artifacts: ['dockerfile'],
    equivalents: ['hadolint:DL3022', 'hadolint:DL3023'],
    examples: {
      fail: [
        { path: 'Dockerfile', code: 'FROM golang:1.22.4 AS build\nRUN go build -o /out/app .\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=biuld /out/app /app\n' },
        { path: 'Dockerfile', code: 'FROM alpine:3.20 AS final\nCOPY --from=final /a /b\n', note: 'a stage cannot copy from itself' },
      ],
      pass: [
        { path: 'Dockerfile', code: 'FROM golang:1.22.4 AS build\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/app /app\nCOPY --from=0 /etc/ssl /etc/ssl\n' },
        { path: 'Dockerfile', code: 'FROM alpine:3.20\nCOPY --from=ghcr.io/astral-sh/uv:0.4.0 /uv /bin/uv\n', note: 'an image reference' },
      ],
    },
  },
  check(ctx) {
    const seen = new Set<string>();
    for (const st of stages(ctx.artifact)) {
      for (const ins of st.instructions) {
        if (ins.getKeyword() !== 'COPY') continue;
        const flag = ((ins as unknown as { getFlags?(): Array<{ getName(): string; getValue(): string | null; getRange(): never }> }).getFlags?.() ?? []).find((f) => f.getName() === 'from');
        const v = flag?.getValue();
        if (!flag || !v) continue;
        const name = v.toLowerCase();
        if (st.name && name === st.name) {
          ctx.report({ message: `COPY --from=${v} refers to its own stage: copy from an earlier stage`, at: spanOf(ctx.artifact, flag.getRange()) });
          continue;
        }
        if (seen.has(name) || /^\d+$/.test(name) && Number(name) < st.index) continue;
        if (/[:/.@$]/.test(v)) continue; // an image reference or a variable
        ctx.report({ message: `COPY --from=${v} matches no earlier stage and will be pulled as an image: fix the stage name`, at: spanOf(ctx.artifact, flag.getRange()) });
      }
      if (st.name) seen.add(st.name);
    }
  },
});
