import { defineRule } from '../../src/audit/load-rules.js';
import { runCommands } from '../../src/rules-kit/docker.js';

export default defineRule({
  meta: {
    id: 'docker/no-sudo',
    title: 'RUN does not use sudo',
    description: 'sudo in an image means a privilege escalation path is installed and configured in it; builds already run as whatever USER is set, so sudo only adds risk and TTY/signal quirks.',
    remediation: 'Run the privileged steps before switching USER (or switch back with `USER root` for them), and remove sudo from the image.',
    checklistItem: 'security.access-control',
    severity: 'medium',
    artifacts: ['dockerfile'],
    equivalents: ['hadolint:DL3004'],
    examples: {
      fail: [{ path: 'Dockerfile', code: 'FROM debian:12.5-slim\nUSER app\nRUN sudo apt-get update\n' }],
      pass: [{ path: 'Dockerfile', code: 'FROM debian:12.5-slim\nRUN apt-get update\nUSER app\nRUN echo "sudo is just a word here"\n' }],
    },
  },
  check(ctx) {
    for (const cmd of runCommands(ctx.artifact)) {
      if (cmd.args[0]?.replace(/^.*\//, '') === 'sudo') ctx.report({ message: 'sudo in RUN: run the step as root before switching USER instead', at: cmd.word(0) });
    }
  },
});
