// `devops-audit init`: write a commented .devops-audit.yaml for a preset, and optionally the hook
// config for pre-commit, husky or lefthook. Never overwrites an existing file without --force.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError } from '../errors.js';
import { writeFileAtomic } from '../fs-atomic.js';
import { VERSION } from '../version.js';

export const INIT_HELP = `Usage: devops-audit init [dir] [--preset recommended|strict] [--hooks pre-commit|husky|lefthook] [--force]

Writes .devops-audit.yaml (commented) and, with --hooks, the hook configuration that runs
devops-audit on every commit.`;

export function configText(preset: 'recommended' | 'strict'): string {
  return `# devops-audit configuration — https://github.com/create-devops-stack/create-devops-stack/blob/main/docs/cli.md
# Validated against schemas/audit-config.schema.json; \`devops-audit --list-rules\` lists rule ids.

# recommended: every rule except strict-only ones. strict: all rules.
preset: ${preset}

# Lowest severity that fails the gate (exit code 1): critical | high | medium | low | info | none
failOn: ${preset === 'strict' ? 'medium' : 'high'}

# Checklist items (or whole checklists) that must not fail, e.g. cicd.automated-tests, security
require: []

# Paths to skip (gitignore syntax). node_modules, vendor, dist, .terraform… are always skipped.
ignore: []

# Adopt the gate on an existing repository: run
#   devops-audit --write-baseline .devops-audit-baseline.json
# then uncomment this line so only new findings fail.
# baseline: .devops-audit-baseline.json

# Per-rule settings: off, a severity, or { severity, options }.
rules: {}
#  docker/pin-base-image: critical
#  some/rule: off
`;
}

// `rev:` is this release's tag, so the hook runs the version that wrote it.
const PRE_COMMIT = `repos:
  - repo: https://github.com/create-devops-stack/create-devops-stack
    rev: v${VERSION}
    hooks:
      - id: devops-audit
`;
const HUSKY = `#!/usr/bin/env sh
# Audits what is staged for commit (its staged content, not the working tree).
npx --no-install devops-audit --staged --quiet
`;
const LEFTHOOK = `pre-commit:
  commands:
    devops-audit:
      run: npx --no-install devops-audit --staged --quiet
`;

export function runInit(argv: string[], cwd: string, out: (s: string) => void): number {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { preset: { type: 'string' }, hooks: { type: 'string' }, force: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0]);
  }
  const v = parsed.values;
  if (v.help) {
    out(`${INIT_HELP}\n`);
    return 0;
  }
  const preset = (v.preset ?? 'recommended') as 'recommended' | 'strict';
  if (preset !== 'recommended' && preset !== 'strict') throw new UsageError(`--preset must be recommended or strict (got "${v.preset}")`);
  if (v.hooks && !['pre-commit', 'husky', 'lefthook'].includes(v.hooks)) throw new UsageError(`--hooks must be pre-commit, husky or lefthook (got "${v.hooks}")`);
  const dir = join(cwd, parsed.positionals[0] ?? '.');
  const files: Array<[string, string, number?]> = [['.devops-audit.yaml', configText(preset)]];
  if (v.hooks === 'pre-commit') files.push(['.pre-commit-config.yaml', PRE_COMMIT]);
  if (v.hooks === 'husky') files.push(['.husky/pre-commit', HUSKY, 0o755]);
  if (v.hooks === 'lefthook') files.push(['lefthook.yml', LEFTHOOK]);
  for (const [name, content, mode] of files) {
    const path = join(dir, name);
    if (existsSync(path) && !v.force) {
      if (readFileSync(path, 'utf8') === content) continue;
      out(`skipped ${relative(cwd, path)} (exists; use --force to replace it${name === '.pre-commit-config.yaml' ? `, or add this to it:\n${PRE_COMMIT}` : ''})\n`);
      continue;
    }
    mkdirSync(dirname(path), { recursive: true });
    writeFileAtomic(path, content, mode);
    out(`wrote ${relative(cwd, path) || name}\n`);
  }
  return 0;
}
