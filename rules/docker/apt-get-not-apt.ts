import { defineRule } from '../../src/audit/load-rules.js';
import { programOf, runCommands } from '../../src/rules-kit/docker.js';

export default defineRule({
  meta: {
    id: 'docker/apt-get-not-apt',
    title: 'apt-get is used, not apt',
    description: '`apt` is an interactive front end whose output and behaviour are not stable for scripts (it warns so itself); `apt-get` and `apt-cache` are the scripting interfaces.',
    remediation: 'Replace `apt install` with `apt-get install` (and `apt search` with `apt-cache search`).',
    checklistItem: 'cicd.code-quality',
    severity: 'low',
    artifacts: ['dockerfile'],
    equivalents: ['hadolint:DL3027', 'checkov:CKV_DOCKER_9'],
    fixable: true,
    examples: {
      fail: [{ path: 'Dockerfile', code: 'FROM debian:12.5-slim\nRUN apt update && apt install -y curl\n' }],
      pass: [{ path: 'Dockerfile', code: 'FROM debian:12.5-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5\n' }],
    },
  },
  check(ctx) {
    for (const cmd of runCommands(ctx.artifact)) {
      const p = programOf(cmd);
      if (p.name !== 'apt') continue;
      const i = cmd.args.findIndex((a) => a.replace(/^.*\//, '') === 'apt');
      const w = cmd.word(i);
      const sub = p.args[0];
      const certain = sub === 'install' || sub === 'update' || sub === 'upgrade' || sub === 'remove' || sub === 'purge' || sub === 'autoremove';
      ctx.report({
        message: `apt ${sub ?? ''} in a Dockerfile: use apt-get ${sub ?? ''}`.replace(/\s+:/, ':').trim(),
        at: w,
        ...(certain && cmd.args[i] === 'apt' ? { fix: { description: 'Use apt-get', edits: [{ start: w.offset, end: w.offset + w.length, text: 'apt-get' }] } } : {}),
      });
    }
  },
});
