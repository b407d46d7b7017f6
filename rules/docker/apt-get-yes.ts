import { defineRule } from '../../src/audit/load-rules.js';
import { packageInstalls } from '../../src/rules-kit/docker.js';

export default defineRule({
  meta: {
    id: 'docker/apt-get-yes',
    title: 'apt-get install runs non-interactively',
    description: 'Without `-y`, apt-get asks for confirmation; in a build there is nobody to answer and the step aborts whenever an install needs extra packages.',
    remediation: 'Add `-y` (or `--yes`, `-qq`, `--assume-yes`) to `apt-get install`.',
    checklistItem: 'cicd.code-quality',
    severity: 'low',
    artifacts: ['dockerfile'],
    equivalents: ['hadolint:DL3014'],
    fixable: true,
    examples: {
      fail: [{ path: 'Dockerfile', code: 'FROM debian:12.5-slim\nRUN apt-get install --no-install-recommends curl=7.88.1-10+deb12u5\n' }],
      pass: [{ path: 'Dockerfile', code: 'FROM debian:12.5-slim\nRUN apt-get install -qy --no-install-recommends curl=7.88.1-10+deb12u5\n' }],
    },
  },
  check(ctx) {
    for (const inst of packageInstalls(ctx.artifact)) {
      if (inst.manager !== 'apt-get') continue;
      const yes = inst.cmd.args.some((a) => a === '--yes' || a === '--assume-yes' || /^-[a-z]*(y|qq)[a-z]*$/i.test(a) || a === '-q=2' || /APT::Get::Assume-Yes=(true|1)/i.test(a));
      if (yes) continue;
      const w = inst.cmd.word(inst.subIndex);
      ctx.report({
        message: 'apt-get install without -y waits for a confirmation nobody gives: add -y',
        at: w,
        fix: { description: 'Add -y', edits: [{ start: w.offset + w.length, end: w.offset + w.length, text: ' -y' }] },
      });
    }
  },
});
