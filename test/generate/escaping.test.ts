// Handlebars HTML-escapes by default and reads `${{ }}` as its own syntax. Across every pairwise
// case: no HTML entity anywhere, no `\{{` escape left behind, every GitHub expression intact, and
// every template that writes `$\{{` really produces `${{`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultAnswers, DEFAULT_REGISTRY, type StackAnswers } from '../../src/generate/answers.js';
import { TEMPLATES_DIR } from '../../src/generate/render.js';
import { planStack, renderStack } from '../../src/generate/stack.js';
import { pairwise } from '../helpers/matrix.js';

const cases: StackAnswers[] = [defaultAnswers(), ...pairwise().map((p, i) => defaultAnswers({ name: `svc-${i}`, ...p, ...(p.cloud ? { registry: DEFAULT_REGISTRY[p.cloud] } : {}) }))];
const ENTITY = /&(#x?[0-9a-fA-F]+|quot|amp|lt|gt|apos);/;

describe.each(cases.map((a, i) => [i === 0 ? 'defaults' : `case ${i}`, a] as const))('%s', (_label, answers) => {
  it('has no HTML escaping and no lost ${{', async () => {
    const bad: string[] = [];
    for (const f of await renderStack(answers)) {
      const m = ENTITY.exec(f.content);
      if (m) bad.push(`${f.path}: HTML entity ${m[0]}`);
      if (f.content.includes('\\{{')) bad.push(`${f.path}: unrendered \\{{`);
      if (!f.path.startsWith('.github/')) continue; // `${…}` is ordinary syntax in JS, shell and HCL
      const opened = f.content.split('${{').length - 1;
      const closed = (f.content.match(/\$\{\{[^\n]*?\}\}/g) ?? []).length;
      if (opened !== closed) bad.push(`${f.path}: ${opened} "\${{" but ${closed} complete expressions`);
      if (/\$\{(?!\{)[^}\n]*\}\}/.test(f.content)) bad.push(`${f.path}: "\${…}}" (a brace lost)`);
    }
    expect(bad).toEqual([]);
  });

  it('every template that writes $\\{{ produces ${{', async () => {
    const plan = await planStack(answers);
    const rendered = new Map((await renderStack(answers)).map((f) => [f.path, f.content]));
    const lost = plan
      .filter((f) => f.template && readFileSync(join(TEMPLATES_DIR, f.template), 'utf8').includes('$\\{{'))
      .filter((f) => !rendered.get(f.path)!.includes('${{'))
      .map((f) => f.path);
    // A template may put all its expressions behind answers this case did not choose; allow only that.
    for (const path of lost) {
      const src = readFileSync(join(TEMPLATES_DIR, plan.find((f) => f.path === path)!.template!), 'utf8');
      const outside = src.replace(/\{\{#(if|unless|each)[\s\S]*?\{\{\/\1\}\}/g, '');
      expect(outside.includes('$\\{{'), `${path} lost its \${{ expressions`).toBe(false);
    }
  });
});
