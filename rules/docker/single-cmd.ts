import { defineRule } from '../../src/audit/load-rules.js';
import { stages } from '../../src/rules-kit/docker.js';

export default defineRule({
  meta: {
    id: 'docker/single-cmd',
    title: 'One CMD and one ENTRYPOINT per stage',
    description: 'Only the last CMD (and the last ENTRYPOINT) of a stage takes effect; earlier ones are dead code that misleads readers about what the container runs.',
    remediation: 'Keep a single CMD and a single ENTRYPOINT in each stage.',
    checklistItem: 'cicd.code-quality',
    severity: 'low',
    artifacts: ['dockerfile'],
    equivalents: ['hadolint:DL4003', 'hadolint:DL4004'],
    examples: {
      fail: [{ path: 'Dockerfile', code: 'FROM alpine:3.20\nCMD ["/a"]\nCMD ["/b"]\n' }],
      pass: [{ path: 'Dockerfile', code: 'FROM alpine:3.20 AS a\nCMD ["/a"]\nFROM alpine:3.20\nENTRYPOINT ["/tini", "--"]\nCMD ["/b"]\n' }],
    },
  },
  check(ctx) {
    for (const st of stages(ctx.artifact)) {
      for (const k of ['CMD', 'ENTRYPOINT']) {
        const list = st.instructions.filter((i) => i.getKeyword() === k);
        for (const ins of list.slice(0, -1)) ctx.report({ message: `this ${k} is overridden by a later ${k} in the same stage: remove it`, at: ins });
      }
    }
  },
});
