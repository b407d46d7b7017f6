import { defineRule } from '../../src/audit/load-rules.js';
import { effectiveInstructions, isJsonForm, jsonArgs, runScripts, stages } from '../../src/rules-kit/docker.js';
import { parseShell, walk } from '../../src/repo/parsers/shell.js';

export default defineRule({
  meta: {
    id: 'docker/pipefail',
    title: 'RUN with a pipe fails when any stage of the pipe fails',
    description: 'In `curl -fsSL $URL | tar xz` the exit status is tar\'s: a failed download still "succeeds" and the build ships a broken layer. `pipefail` makes the pipe fail when any command in it fails.',
    remediation: 'Put `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` before the RUN (or `set -o pipefail &&` at the start of the RUN; with busybox `SHELL ["/bin/ash", "-eo", "pipefail", "-c"]`).',
    checklistItem: 'cicd.code-quality',
    severity: 'low',
    artifacts: ['dockerfile'],
    equivalents: ['hadolint:DL4006'],
    examples: {
      fail: [{ path: 'Dockerfile', code: 'FROM debian:12.5-slim\nRUN curl -fsSL https://example.com/x.tgz | tar xz -C /opt\n' }],
      pass: [
        { path: 'Dockerfile', code: 'FROM debian:12.5-slim\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN curl -fsSL https://example.com/x.tgz | tar xz -C /opt\n' },
        { path: 'Dockerfile', code: 'FROM debian:12.5-slim\nRUN set -euo pipefail; curl -fsSL https://example.com/x.tgz | tar xz\n' },
        { path: 'Dockerfile', code: 'FROM debian:12.5-slim\nRUN test -f /a || echo "no | pipe here"\n' },
      ],
    },
  },
  check(ctx) {
    for (const st of stages(ctx.artifact)) {
      let shellHasPipefail = false;
      let foreignShell = false;
      const seen = new Set(st.instructions);
      for (const ins of effectiveInstructions(st)) {
        const k = ins.getKeyword();
        if (k === 'SHELL' && isJsonForm(ins)) {
          const args = jsonArgs(ins);
          shellHasPipefail = args.some((a, i) => a === 'pipefail' && /^-\w*o$/.test(args[i - 1] ?? ''));
          foreignShell = /(pwsh|powershell|cmd)(\.exe)?$/i.test(args[0] ?? '');
        }
        if (k !== 'RUN' || !seen.has(ins) || shellHasPipefail || foreignShell || isJsonForm(ins)) continue;
        for (const script of runScripts(ctx.artifact, ins)) {
          const parsed = parseShell(script.text);
          if (!parsed.file) continue;
          let setPipefail = -1;
          for (const c of script.commands) {
            if (c.args[0] === 'set' && c.args.some((a, i) => a === 'pipefail' && /^-\w*o$/.test(c.args[i - 1] ?? ''))) {
              setPipefail = setPipefail < 0 ? c.offset : setPipefail;
            }
          }
          walk(parsed.file, (n) => {
            if (n.type !== 'BinaryCmd') return true;
            const opAt = n.opPos!;
            const op = script.text.slice(opAt, opAt + 2);
            if (!op.startsWith('|') || op === '||') return true;
            const at = script.map(opAt) + script.base;
            if (setPipefail >= 0 && setPipefail < at) return false;
            ctx.report({ message: 'a pipe in RUN hides failures of its first commands: set `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` or `set -o pipefail` first', at: { offset: at, length: 1 } });
            return false;
          });
        }
      }
    }
  },
});
