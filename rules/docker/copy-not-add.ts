import { defineRule } from '../../src/audit/load-rules.js';
import { offsetOf, spanOf } from '../../src/rules-kit/docker.js';

const ARCHIVE = /\.(tar|tar\.(gz|bz2|xz|zst)|tgz|tbz2?|txz)$/i;
const REMOTE = /^(https?:\/\/|git@|[\w.-]+\.git(#|$))/i;

export default defineRule({
  meta: {
    id: 'docker/copy-not-add',
    title: 'COPY is used for local files, not ADD',
    description:
      'ADD also fetches URLs and unpacks archives, so a harmless-looking line can change meaning when a file is renamed. COPY does only what it says.',
    remediation: 'Replace ADD with COPY for local files and folders; keep ADD only to unpack a local tar archive, and fetch URLs with a checksum-verified download.',
    checklistItem: 'cicd.code-quality',
    severity: 'low',
    artifacts: ['dockerfile'],
    equivalents: ['hadolint:DL3020', 'checkov:CKV_DOCKER_4'],
    fixable: true,
    examples: {
      fail: [{ path: 'Dockerfile', code: 'FROM alpine:3.20\nADD app/ /app/\n' }],
      pass: [
        { path: 'Dockerfile', code: 'FROM alpine:3.20\nCOPY app/ /app/\n' },
        { path: 'Dockerfile', code: 'FROM scratch\nADD rootfs.tar.xz /\n', note: 'unpacking a local archive is what ADD is for' },
        { path: 'Dockerfile', code: 'FROM alpine:3.20\nADD --checksum=sha256:' + 'b'.repeat(64) + ' https://example.com/x.tgz /x.tgz\n' },
      ],
    },
  },
  check(ctx) {
    for (const ins of ctx.artifact.dockerfile.ast.getInstructions()) {
      if (ins.getKeyword() !== 'ADD') continue;
      const args = ins.getArguments().map((a) => a.getValue());
      const sources = args.slice(0, -1);
      if (!sources.length) continue;
      if (sources.some((s) => ARCHIVE.test(s) || REMOTE.test(s))) continue;
      const kw = ins.getInstructionRange();
      const start = offsetOf(ctx.artifact, kw.start);
      ctx.report({
        message: `ADD of local files (${sources.join(' ')}): use COPY`,
        at: spanOf(ctx.artifact, kw),
        fix: { description: 'Replace ADD with COPY', edits: [{ start, end: offsetOf(ctx.artifact, kw.end), text: 'COPY' }] },
      });
    }
  },
});
