import { defineRule } from '../../src/audit/load-rules.js';
import { offsetOf } from '../../src/rules-kit/docker.js';

export default defineRule({
  meta: {
    id: 'docker/no-maintainer',
    title: 'MAINTAINER is not used',
    description: 'MAINTAINER is deprecated; the OCI label carries the same information where tools look for it.',
    remediation: 'Replace `MAINTAINER name` with `LABEL org.opencontainers.image.authors="name"`.',
    checklistItem: 'cicd.code-quality',
    severity: 'info',
    artifacts: ['dockerfile'],
    equivalents: ['hadolint:DL4000'],
    fixable: true,
    examples: {
      fail: [{ path: 'Dockerfile', code: 'FROM alpine:3.20\nMAINTAINER Jane Doe <jane@example.com>\n' }],
      pass: [{ path: 'Dockerfile', code: 'FROM alpine:3.20\nLABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"\n' }],
    },
  },
  check(ctx) {
    for (const ins of ctx.artifact.dockerfile.ast.getInstructions()) {
      if (ins.getKeyword() !== 'MAINTAINER') continue;
      const who = (ins.getArgumentsContent() ?? '').trim();
      const r = ins.getRange();
      ctx.report({
        message: 'MAINTAINER is deprecated: use LABEL org.opencontainers.image.authors',
        at: ins,
        ...(who && !who.includes('\n')
          ? { fix: { description: 'Use the OCI authors label', edits: [{ start: offsetOf(ctx.artifact, r.start), end: offsetOf(ctx.artifact, r.end), text: `LABEL org.opencontainers.image.authors=${JSON.stringify(who)}` }] } }
          : {}),
      });
    }
  },
});
