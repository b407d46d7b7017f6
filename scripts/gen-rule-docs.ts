// Writes docs/rules/<id>.md for every rule and docs/rules/index.md. `npm run docs`.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadRules } from '../src/audit/load-rules.js';
import { ruleDoc, rulesIndex } from '../src/audit/rule-docs.js';
import { PACKAGE_ROOT } from '../src/schemas.js';

const dir = join(PACKAGE_ROOT, 'docs', 'rules');
const rules = await loadRules();
for (const sub of readdirSync(dir, { withFileTypes: true })) if (sub.isDirectory()) rmSync(join(dir, sub.name), { recursive: true });
for (const r of rules) {
  const file = join(dir, `${r.meta.id}.md`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, ruleDoc(r));
}
writeFileSync(join(dir, 'index.md'), rulesIndex(rules));
console.log(`wrote ${rules.length} rule pages to docs/rules/`);
