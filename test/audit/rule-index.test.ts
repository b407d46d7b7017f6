// The build's rule index (src/audit/rule-index.ts): metadata without importing the modules, a
// module imported on its rule's first check, and an index that does not match the rule files
// present ignored (a partial build must not run stale rules).
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRuleModules } from '../../src/audit/load-rules.js';
import { indexedRules, writeRuleIndex } from '../../src/audit/rule-index.js';
import type { RuleContext } from '../../src/audit/types.js';

const ruleModule = (id: string) => `globalThis.__imported = [...(globalThis.__imported ?? []), ${JSON.stringify(id)}];
export default {
  meta: { id: ${JSON.stringify(id)}, title: 't', description: 'd', remediation: 'r', checklistItem: 'containers.healthcheck', severity: 'low', artifacts: ['dockerfile'], examples: { fail: [{ path: 'Dockerfile', code: 'FROM x\\n' }], pass: [] } },
  check(ctx) { ctx.report({ message: ${JSON.stringify(id)} }); },
};
`;

describe('rule index', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rule-index-'));
  const rules = join(dir, 'rules');
  mkdirSync(join(rules, 'docker'), { recursive: true });
  writeFileSync(join(rules, 'docker', 'b.js'), ruleModule('docker/b'));
  writeFileSync(join(rules, 'docker', 'a.js'), ruleModule('docker/a'));
  const index = join(dir, 'rules-index.json');
  const g = globalThis as { __imported?: string[] };

  it('gives every rule with its metadata, and imports a module only when its rule first runs', () => {
    // An index written by hand: nothing has imported these modules yet.
    const meta = (id: string) => ({ id, title: 't', description: 'd', remediation: 'r', checklistItem: 'containers.healthcheck', severity: 'low', artifacts: ['dockerfile'] });
    writeFileSync(index, JSON.stringify({ rules: [{ file: 'docker/a.js', meta: meta('docker/a') }, { file: 'docker/b.js', meta: meta('docker/b') }] }));
    g.__imported = [];
    const stubs = indexedRules(rules, index)!;
    expect(stubs.map((r) => r.meta.id)).toEqual(['docker/a', 'docker/b']);
    expect(stubs[0].meta).toMatchObject({ severity: 'low', artifacts: ['dockerfile'], examples: { fail: [], pass: [] } });
    expect(g.__imported).toEqual([]);
    const reported: string[] = [];
    const ctx = { report: (i: { message: string }) => reported.push(i.message) } as unknown as RuleContext;
    return (async () => {
      await stubs[1].check(ctx);
      await stubs[1].check(ctx);
      expect(g.__imported).toEqual(['docker/b']);
      expect(reported).toEqual(['docker/b', 'docker/b']);
    })();
  });

  it('is written by the build from the modules, sorted by id, without examples', async () => {
    writeRuleIndex(await loadRuleModules(rules), rules, index);
    const written = JSON.parse(readFileSync(index, 'utf8'));
    expect(written.rules.map((r: { file: string }) => r.file)).toEqual(['docker/a.js', 'docker/b.js']);
    expect(written.rules.map((r: { meta: { id: string } }) => r.meta.id)).toEqual(['docker/a', 'docker/b']);
    expect(written.rules[0].meta.examples).toBeUndefined();
  });

  it('is ignored when it does not list exactly the rule files present', async () => {
    writeRuleIndex(await loadRuleModules(rules), rules, index);
    writeFileSync(join(rules, 'docker', 'c.js'), ruleModule('docker/c'));
    expect(indexedRules(rules, index)).toBeUndefined();
    expect(indexedRules(rules, join(dir, 'missing.json'))).toBeUndefined();
  });
});
