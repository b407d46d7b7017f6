// Every rule's own examples are its tests: each failing example must produce a finding of that
// rule, each passing example none. Metadata is checked against DESIGN.md's contract.
import { describe, expect, it } from 'vitest';
import { CHECKLIST_ITEMS, isKnownItem } from '../src/audit/checklists.js';
import { loadRules } from '../src/audit/load-rules.js';
import { runExample } from '../src/audit/testing.js';
import { SEVERITIES } from '../src/audit/types.js';

const rules = await loadRules();

describe('rule metadata', () => {
  it('has rules', () => expect(rules.length).toBeGreaterThan(3));
  for (const r of rules) {
    it(`${r.meta.id} is well-formed`, () => {
      expect(r.meta.id).toMatch(/^[a-z0-9-]+\/[a-z0-9-]+$/);
      expect(r.meta.title.length).toBeGreaterThan(3);
      expect(r.meta.description.length).toBeGreaterThan(20);
      expect(r.meta.remediation.length).toBeGreaterThan(10);
      expect(SEVERITIES).toContain(r.meta.severity);
      expect(isKnownItem(r.meta.checklistItem), r.meta.checklistItem).toBe(true);
      if (!r.meta.id.startsWith('core/')) {
        expect(CHECKLIST_ITEMS.has(r.meta.checklistItem)).toBe(true);
        expect(r.meta.examples.fail.length, 'needs a failing example').toBeGreaterThan(0);
        expect(r.meta.examples.pass.length, 'needs a passing example').toBeGreaterThan(0);
      }
      for (const e of r.meta.equivalents ?? []) expect(e).toMatch(/^[a-z0-9-]+:\S+$/);
    });
  }
});

describe('rule examples', () => {
  for (const r of rules) {
    r.meta.examples.fail.forEach((ex, i) => {
      it(`${r.meta.id} catches fail example ${i + 1} (${ex.path})`, async () => {
        const found = await runExample(r, ex);
        expect(found.length, `expected a finding of ${r.meta.id}`).toBeGreaterThan(0);
      });
    });
    r.meta.examples.pass.forEach((ex, i) => {
      it(`${r.meta.id} accepts pass example ${i + 1} (${ex.path})`, async () => {
        const found = await runExample(r, ex);
        expect(found.map((f) => `${f.line}:${f.column} ${f.message}`)).toEqual([]);
      });
    });
  }
});
