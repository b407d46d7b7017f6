// docs/hooks.md and the README's hook and CI snippets: they parse, name hooks the manifest has and
// action inputs/outputs that exist, and the husky/lefthook lines are the ones `init` writes.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runInit } from '../../src/cli/init.js';

const fences = (file: string, lang: string) =>
  new MarkdownIt()
    .parse(readFileSync(file, 'utf8'), {})
    .filter((t) => t.type === 'fence' && t.info.trim() === lang)
    .map((t) => t.content);
const MANIFEST_IDS = (parse(readFileSync('.pre-commit-hooks.yaml', 'utf8')) as Array<{ id: string }>).map((h) => h.id);
const action = parse(readFileSync('action.yml', 'utf8'));
const pins = JSON.parse(readFileSync('data/github-actions.json', 'utf8')).actions as Record<string, { sha: string; tag: string }>;

function initFiles(): { husky: string; lefthook: string } {
  const dir = mkdtempSync(join(tmpdir(), 'gate-hooks-docs-'));
  runInit(['--hooks', 'husky'], dir, () => {});
  runInit(['--hooks', 'lefthook'], dir, () => {});
  const husky = readFileSync(join(dir, '.husky/pre-commit'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'))[0];
  return { husky, lefthook: parse(readFileSync(join(dir, 'lefthook.yml'), 'utf8'))['pre-commit'].commands['devops-audit'].run };
}

describe('docs/hooks.md', () => {
  const yaml = fences('docs/hooks.md', 'yaml');
  it('pre-commit configs name hooks of .pre-commit-hooks.yaml at this version', () => {
    const configs = yaml.map((b) => parse(b)).filter((c) => c?.repos);
    expect(configs.length).toBeGreaterThan(0);
    for (const c of configs) {
      expect(c.repos[0].rev).toBe(`v${JSON.parse(readFileSync('package.json', 'utf8')).version}`);
      for (const h of c.repos[0].hooks) expect(MANIFEST_IDS).toContain(h.id);
    }
    for (const id of MANIFEST_IDS) expect(readFileSync('docs/hooks.md', 'utf8')).toContain(`\`${id}\``);
  });

  it('the husky, lefthook and plain-hook commands are the ones init writes', () => {
    const { husky, lefthook } = initFiles();
    expect(husky).toBe(lefthook);
    const sh = fences('docs/hooks.md', 'sh').join('\n');
    expect(sh).toContain(`echo '${husky}' > .husky/pre-commit`);
    expect(sh).toContain(`exec ${husky}`);
    expect(yaml.map((b) => parse(b)).find((c) => c?.['pre-commit'])['pre-commit'].commands['devops-audit'].run).toBe(lefthook);
  });
});

describe('README hooks and CI section', () => {
  const yaml = fences('README.md', 'yaml');
  it('the pre-commit config names a manifest hook', () => {
    const c = yaml.map((b) => parse(b)).find((x) => x?.repos);
    for (const h of c.repos[0].hooks) expect(MANIFEST_IDS).toContain(h.id);
  });
  it('the workflow steps use the action\'s output and the pinned upload-sarif', () => {
    const steps = parse(yaml.find((b) => b.includes('upload-sarif'))!) as Array<{ uses: string; with?: Record<string, string> }>;
    const upload = steps.find((s) => s.uses.startsWith('github/codeql-action/upload-sarif@'))!;
    expect(upload.uses).toBe(`github/codeql-action/upload-sarif@${pins['github/codeql-action/upload-sarif'].sha}`);
    const out = /steps\.audit\.outputs\.([\w-]+)/.exec(upload.with!.sarif_file)![1];
    expect(action.outputs[out]).toBeDefined();
  });
});
