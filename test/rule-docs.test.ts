// docs/rules/ must match the rules: regenerate with `npm run docs` when this fails.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRules } from '../src/audit/load-rules.js';
import { ruleDoc, rulesIndex } from '../src/audit/rule-docs.js';
import { PACKAGE_ROOT } from '../src/schemas.js';

const rules = await loadRules();
const dir = join(PACKAGE_ROOT, 'docs', 'rules');

describe('rule docs are current (npm run docs)', () => {
  it('index.md', () => {
    expect(readFileSync(join(dir, 'index.md'), 'utf8')).toBe(rulesIndex(rules));
  });
  for (const r of rules) {
    it(r.meta.id, () => {
      const file = join(dir, `${r.meta.id}.md`);
      expect(existsSync(file), `${file} missing: run npm run docs`).toBe(true);
      expect(readFileSync(file, 'utf8'), 'stale: run npm run docs').toBe(ruleDoc(r));
    });
  }
});
