import { defineRule } from '../../src/audit/load-rules.js';
import { packageInstalls, programOf, runScripts } from '../../src/rules-kit/docker.js';

export default defineRule({
  meta: {
    id: 'docker/apk-no-cache',
    title: 'apk add uses --no-cache',
    description: 'Without `--no-cache`, apk stores the package index in /var/cache/apk inside the layer.',
    remediation: 'Write `apk add --no-cache …` (no `apk update` needed) instead of `apk update && apk add …`.',
    checklistItem: 'containers.minimal-image',
    severity: 'low',
    artifacts: ['dockerfile'],
    equivalents: ['hadolint:DL3019'],
    fixable: true,
    examples: {
      fail: [{ path: 'Dockerfile', code: 'FROM alpine:3.20\nRUN apk update && apk add curl=8.5.0-r0\n' }],
      pass: [
        { path: 'Dockerfile', code: 'FROM alpine:3.20\nRUN apk add --no-cache curl=8.5.0-r0\n' },
        { path: 'Dockerfile', code: 'FROM alpine:3.20\nRUN apk add curl=8.5.0-r0 && rm -rf /var/cache/apk/*\n' },
      ],
    },
  },
  check(ctx) {
    for (const inst of packageInstalls(ctx.artifact)) {
      if (inst.manager !== 'apk') continue;
      if (inst.cmd.args.includes('--no-cache')) continue;
      const all = runScripts(ctx.artifact, inst.cmd.run).flatMap((s) => s.commands);
      if (all.some((c) => programOf(c).name === 'rm' && programOf(c).args.some((x) => x.startsWith('/var/cache/apk')))) continue;
      const flags = (inst.cmd.run as unknown as { getFlags?(): Array<{ getName(): string; getValue(): string | null }> }).getFlags?.() ?? [];
      if (flags.some((f) => f.getName() === 'mount' && /target=\/var\/cache\/apk/.test(f.getValue() ?? ''))) continue;
      const w = inst.cmd.word(inst.subIndex);
      ctx.report({
        message: 'apk add without --no-cache leaves the package index in the layer: add --no-cache',
        at: w,
        fix: { description: 'Add --no-cache', edits: [{ start: w.offset + w.length, end: w.offset + w.length, text: ' --no-cache' }] },
      });
    }
  },
});
