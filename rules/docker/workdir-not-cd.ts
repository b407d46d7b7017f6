import { defineRule } from '../../src/audit/load-rules.js';
import { programOf, runCommands } from '../../src/rules-kit/docker.js';

export default defineRule({
  meta: {
    id: 'docker/workdir-not-cd',
    title: 'WORKDIR is used instead of cd',
    description: 'A `cd` in RUN lasts only for that RUN, which makes later instructions depend on invisible state and is hard to read; WORKDIR is explicit and persists.',
    remediation: 'Replace `RUN cd /app && make` with `WORKDIR /app` followed by `RUN make`.',
    checklistItem: 'cicd.code-quality',
    severity: 'low',
    artifacts: ['dockerfile'],
    equivalents: ['hadolint:DL3003'],
    examples: {
      fail: [{ path: 'Dockerfile', code: 'FROM alpine:3.20\nRUN cd /app && make\n' }],
      pass: [
        { path: 'Dockerfile', code: 'FROM alpine:3.20\nWORKDIR /app\nRUN make\n' },
        { path: 'Dockerfile', code: 'FROM alpine:3.20\nRUN (cd /tmp/src && make) && echo "cd is fine in a string"\n', note: 'a subshell does not leak its cd' },
      ],
    },
  },
  check(ctx) {
    for (const cmd of runCommands(ctx.artifact)) {
      if (programOf(cmd).name !== 'cd') continue;
      if (cmd.inSubshell) continue;
      ctx.report({ message: 'cd in RUN does not persist: use WORKDIR to change directory', at: cmd.word(0) });
    }
  },
});
