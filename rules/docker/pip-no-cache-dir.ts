import { defineRule } from '../../src/audit/load-rules.js';
import { effectiveInstructions, packageInstalls, stages } from '../../src/rules-kit/docker.js';

export default defineRule({
  meta: {
    id: 'docker/pip-no-cache-dir',
    title: 'pip install does not keep its cache',
    description: "pip keeps every downloaded wheel in ~/.cache/pip; in an image layer that cache is dead weight (often larger than the installed packages).",
    remediation: 'Add `--no-cache-dir` to `pip install`, set `ENV PIP_NO_CACHE_DIR=1`, or mount a cache with `RUN --mount=type=cache,target=/root/.cache/pip`.',
    checklistItem: 'containers.minimal-image',
    severity: 'low',
    artifacts: ['dockerfile'],
    equivalents: ['hadolint:DL3042'],
    fixable: true,
    examples: {
      fail: [{ path: 'Dockerfile', code: 'FROM python:3.12.4-slim\nRUN pip install -r requirements.txt\n' }],
      pass: [
        { path: 'Dockerfile', code: 'FROM python:3.12.4-slim\nRUN pip install --no-cache-dir -r requirements.txt\n' },
        { path: 'Dockerfile', code: 'FROM python:3.12.4-slim\nENV PIP_NO_CACHE_DIR=1\nRUN pip install -r requirements.txt\n' },
        { path: 'Dockerfile', code: 'FROM python:3.12.4-slim\nRUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt\n' },
      ],
    },
  },
  check(ctx) {
    for (const st of stages(ctx.artifact)) {
      const env = effectiveInstructions(st).some((i) => (i.getKeyword() === 'ENV' || i.getKeyword() === 'ARG') && /PIP_NO_CACHE_DIR\s*=\s*["']?(1|true|on|yes|off|0)/i.test(i.getArgumentsContent() ?? ''));
      if (env) continue;
      for (const inst of packageInstalls(ctx.artifact, st)) {
        if (inst.manager !== 'pip') continue;
        const flags = (inst.cmd.run as unknown as { getFlags?(): Array<{ getName(): string; getValue(): string | null }> }).getFlags?.() ?? [];
        if (flags.some((f) => f.getName() === 'mount' && /type=cache/.test(f.getValue() ?? '') && /target=[^,]*\.cache\/pip/.test(f.getValue() ?? ''))) continue;
        if (inst.cmd.args.some((a) => a === '--no-cache-dir' || a.startsWith('--no-cache-dir='))) continue;
        const w = inst.cmd.word(inst.subIndex);
        ctx.report({
          message: 'pip install keeps its download cache in the layer: add --no-cache-dir',
          at: w,
          fix: { description: 'Add --no-cache-dir', edits: [{ start: w.offset + w.length, end: w.offset + w.length, text: ' --no-cache-dir' }] },
        });
      }
    }
  },
});
