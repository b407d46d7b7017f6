import { defineRule } from '../../src/audit/load-rules.js';
import { spanOf } from '../../src/rules-kit/docker.js';

export default defineRule({
  meta: {
    id: 'docker/absolute-workdir',
    title: 'WORKDIR is an absolute path',
    description: 'A relative WORKDIR is resolved against whatever the previous WORKDIR was, including one inherited from the base image: the same Dockerfile lands files in different places when the base image changes.',
    remediation: 'Write an absolute path: `WORKDIR /app`.',
    checklistItem: 'cicd.code-quality',
    severity: 'low',
    artifacts: ['dockerfile'],
    equivalents: ['hadolint:DL3000', 'checkov:CKV_DOCKER_10'],
    examples: {
      fail: [{ path: 'Dockerfile', code: 'FROM alpine:3.20\nWORKDIR app\n' }],
      pass: [
        { path: 'Dockerfile', code: 'FROM alpine:3.20\nWORKDIR /app\n' },
        { path: 'Dockerfile', code: 'FROM alpine:3.20\nARG APP_HOME=/srv\nWORKDIR ${APP_HOME}\n', note: 'a variable is not judged' },
        { path: 'Dockerfile', code: 'FROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nWORKDIR C:\\\\app\n' },
      ],
    },
  },
  check(ctx) {
    for (const ins of ctx.artifact.dockerfile.ast.getInstructions()) {
      if (ins.getKeyword() !== 'WORKDIR') continue;
      const dir = (ins.getArgumentsContent() ?? '').trim().replace(/^["']|["']$/g, '');
      if (!dir || dir.startsWith('/') || dir.startsWith('$') || /^[A-Za-z]:[\\/]/.test(dir)) continue;
      ctx.report({ message: `WORKDIR ${dir} is relative: use an absolute path such as /${dir.replace(/^\.\//, '')}`, at: spanOf(ctx.artifact, ins.getArgumentsRange() ?? ins.getRange()) });
    }
  },
});
