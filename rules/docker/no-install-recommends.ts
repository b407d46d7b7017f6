import { defineRule } from '../../src/audit/load-rules.js';
import { programOf, runCommands } from '../../src/rules-kit/docker.js';

export default defineRule({
  meta: {
    id: 'docker/no-install-recommends',
    title: 'apt-get install skips recommended packages',
    description: 'Without `--no-install-recommends`, apt-get pulls in every "recommended" package: bigger images, more CVEs to patch, slower pulls.',
    remediation: 'Add `--no-install-recommends` to each `apt-get install`.',
    checklistItem: 'containers.minimal-image',
    severity: 'low',
    artifacts: ['dockerfile'],
    equivalents: ['hadolint:DL3015'],
    fixable: true,
    examples: {
      fail: [{ path: 'Dockerfile', code: 'FROM debian:12.5-slim\nRUN apt-get update && apt-get install -y curl=7.88.1-10+deb12u5\n' }],
      pass: [
        { path: 'Dockerfile', code: 'FROM debian:12.5-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5\n' },
        { path: 'Dockerfile', code: 'FROM debian:12.5-slim\nRUN apt-get -o APT::Install-Recommends=false install -y curl=7.88.1-10+deb12u5\n' },
      ],
    },
  },
  check(ctx) {
    for (const cmd of runCommands(ctx.artifact)) {
      const p = programOf(cmd);
      if (p.name !== 'apt-get' && p.name !== 'apt') continue;
      const sub = p.args.findIndex((a) => a === 'install');
      if (sub < 0) continue;
      if (p.args.some((a) => a === '--no-install-recommends' || /Install-Recommends=(false|0|no)/i.test(a))) continue;
      const idx = cmd.args.length - p.args.length + sub;
      const w = cmd.word(idx);
      ctx.report({
        message: 'apt-get install without --no-install-recommends pulls in extra packages: add the flag',
        at: w,
        fix: { description: 'Add --no-install-recommends', edits: [{ start: w.offset + w.length, end: w.offset + w.length, text: ' --no-install-recommends' }] },
      });
    }
  },
});
