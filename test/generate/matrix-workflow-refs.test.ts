// Every workflow a generated file names exists in that stack: README, runbooks, architecture docs,
// handoff files, ai-state, scripts and the workflows' own comments. Across the pairwise matrix, plus
// ECS with its default answers (no PR previews: they are namespaces in a Kubernetes cluster).
import { readFileSync, readdirSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { caseAnswers } from '../../src/generate/answer-matrix.js';
import { renderStack } from '../../src/generate/stack.js';
import { TEMPLATES_DIR } from '../../src/generate/render.js';
import { writeFiles } from '../../src/generate/write.js';
import { matrix, type MatrixCase } from '../helpers/matrix.js';

/** Every workflow file name the stack generator can write. */
const KNOWN = readdirSync(join(TEMPLATES_DIR, '.github/workflows')).map((f) => f.replace(/\.hbs$/, ''));

function walk(dir: string, base = ''): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.name !== '.git' && e.name !== 'node_modules')
    .flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name), `${base}${e.name}/`) : [`${base}${e.name}`]));
}

/** Workflow files a text names: `.github/workflows/x.yml` paths, and bare names of workflows we write. */
export function namedWorkflows(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(/\.github\/workflows\/([\w.-]+\.ya?ml)\b/g)) out.add(m[1]);
  for (const m of text.matchAll(/(?<![\w./-])([\w-]+\.ya?ml)\b/g)) if (KNOWN.includes(m[1])) out.add(m[1]);
  return [...out].sort();
}

async function ecsDefaults(): Promise<MatrixCase[]> {
  const root = mkdtempSync(join(tmpdir(), 'cds-wfrefs-'));
  const out: MatrixCase[] = [];
  for (const strategy of ['rolling', 'blue-green', 'canary'] as const) {
    const answers = caseAnswers(`ecs-${strategy}`, { cloud: 'aws', orchestrator: 'ecs', strategy });
    const dir = join(root, strategy);
    writeFiles(dir, await renderStack(answers));
    out.push({ label: `ecs defaults, ${strategy}`, answers, dir });
  }
  return out;
}

const cases = [...(await matrix()), ...(await ecsDefaults())];

describe('workflows named in generated files exist', () => {
  it('recognises paths and bare names', () => {
    expect(namedWorkflows('see `preview-deploy.yml` and .github/workflows/nightly.yml, not docker-compose.yml or x/ci.yml')).toEqual(['nightly.yml', 'preview-deploy.yml']);
  });

  it.each(cases.map((c) => [c.label, c] as const))('%s', (_label, c) => {
    const files = walk(c.dir);
    const workflows = new Set(files.filter((f) => f.startsWith('.github/workflows/')).map((f) => f.slice('.github/workflows/'.length)));
    const missing: string[] = [];
    for (const f of files.filter((p) => /\.(md|json|ya?ml|sh|tf|hcl)$/.test(p) || p === 'README.md')) {
      for (const w of namedWorkflows(readFileSync(join(c.dir, f), 'utf8'))) if (!workflows.has(w)) missing.push(`${f} names ${w}`);
    }
    expect(missing).toEqual([]);
    // Previews exactly when asked for, and only on Kubernetes.
    expect(workflows.has('preview-deploy.yml')).toBe(c.answers.previews);
    if (c.answers.orchestrator === 'ecs') expect(c.answers.previews).toBe(false);
  });
});
