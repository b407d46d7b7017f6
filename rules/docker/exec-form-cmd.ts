import { defineRule } from '../../src/audit/load-rules.js';
import { effectiveInstructions, finalStage, isJsonForm, jsonArgs, offsetOf } from '../../src/rules-kit/docker.js';
import { execFormOf } from '../../src/rules-kit/fixes.js';

export default defineRule({
  meta: {
    id: 'docker/exec-form-cmd',
    title: 'CMD and ENTRYPOINT use the exec (JSON) form',
    description:
      'The shell form runs the command under `/bin/sh -c`: the shell is PID 1 and does not forward SIGTERM, so the application never hears the stop signal and is killed after the grace period, dropping in-flight requests.',
    remediation: 'Write `CMD ["node", "server.js"]` instead of `CMD node server.js` (or `exec` the program from an entrypoint script).',
    checklistItem: 'containers.graceful-shutdown',
    severity: 'medium',
    artifacts: ['dockerfile'],
    equivalents: ['hadolint:DL3025'],
    fixable: true,
    examples: {
      fail: [
        { path: 'Dockerfile', code: 'FROM node:20.11.1-slim\nCMD node server.js\n' },
        { path: 'Dockerfile', code: 'FROM python:3.12.4-slim\nENTRYPOINT python -m app\n' },
      ],
      pass: [
        { path: 'Dockerfile', code: 'FROM node:20.11.1-slim\nCMD ["node", "server.js"]\n' },
        { path: 'Dockerfile', code: 'FROM alpine:3.20\nENTRYPOINT ["/sbin/tini", "--"]\nCMD ["/app/server"]\n' },
      ],
    },
  },
  check(ctx) {
    const st = finalStage(ctx.artifact);
    if (!st) return;
    let exec = 0;
    for (const ins of effectiveInstructions(st)) {
      const k = ins.getKeyword();
      if (k !== 'CMD' && k !== 'ENTRYPOINT') continue;
      if (isJsonForm(ins)) {
        const args = jsonArgs(ins);
        if (!(args[0] && /^(\/bin\/)?(ba)?sh$/.test(args[0]) && args[1] === '-c')) exec++;
        continue;
      }
      const body = (ins.getArgumentsContent() ?? '').trim();
      if (body.startsWith('exec ')) {
        exec++;
        continue;
      }
      // Certain only for plain words on one line: variables, quotes or operators need the shell.
      const json = execFormOf(body);
      const range = ins.getArgumentsRange();
      const fix = json && range && range.start.line === range.end.line ? { description: `Write ${k} in exec form`, edits: [{ start: offsetOf(ctx.artifact, range.start), end: offsetOf(ctx.artifact, range.end), text: json }] } : undefined;
      ctx.report({ message: `${k} uses the shell form, so /bin/sh is PID 1 and SIGTERM never reaches the app: write ${k} ["…", "…"]`, at: ins, ...(fix ? { fix } : {}) });
    }
    if (exec > 0) ctx.evidence('CMD/ENTRYPOINT in exec form receive SIGTERM directly');
  },
});
