// The README's flag and rule-family reference stays true: every long flag either command's --help
// prints appears in it, and each rule family is named with its number of rules.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRules } from '../src/audit/load-rules.js';

const README = readFileSync('README.md', 'utf8');
const help = (bin: string) => spawnSync(process.execPath, [resolve('dist/bin', bin), '--help'], { encoding: 'utf8' }).stdout;

describe('README reference', () => {
  it.each(['create-devops-stack.js', 'devops-audit.js'])('names every flag of %s --help', (bin) => {
    const flags = [...new Set(help(bin).match(/--[a-z][a-z-]+/g) ?? [])];
    expect(flags.length).toBeGreaterThan(10);
    expect(flags.filter((f) => ![`\`${f}`, `/${f}`, `[${f}`].some((form) => README.includes(form)))).toEqual([]);
  });

  it('names every rule family with its count', async () => {
    const counts = new Map<string, number>();
    for (const r of await loadRules()) counts.set(r.meta.id.split('/')[0], (counts.get(r.meta.id.split('/')[0]) ?? 0) + 1);
    for (const [family, n] of counts) expect(README, family).toMatch(new RegExp(`\`${family}\` ${n}\\b`));
    expect(README).toContain(`(${[...counts.values()].reduce((a, b) => a + b, 0)} rules,`);
  });
});
