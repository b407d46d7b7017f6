// The engine's promise: a rule that throws (anything, sync or async, file or repository scope)
// or points at a location that makes no sense becomes one core/internal-error finding for that
// rule and file; every other rule still runs, and the summary counts it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/audit/config.js';
import { runAudit } from '../../src/audit/engine.js';
import { toLocation } from '../../src/audit/location.js';
import { describeThrown, redactMessage } from '../../src/audit/redact.js';
import type { At, Rule } from '../../src/audit/types.js';
import { LineIndex } from '../../src/repo/line-index.js';
import pinBaseImage from '../../rules/docker/pin-base-image.js';
import { render as renderMarkdown } from '../../src/report/markdown.js';
import { render as renderStylish } from '../../src/report/stylish.js';
import { RUNS } from './harness.js';

const FILES = { Dockerfile: 'FROM node\n', 'svc/Dockerfile': 'FROM python\n', 'README.md': '# x\n' };

function rule(id: string, check: Rule['check'], scope: 'file' | 'repository' = 'file'): Rule {
  return { meta: { ...pinBaseImage.meta, id, scope, examples: { fail: [], pass: [] } }, check };
}

async function audit(rules: Rule[], memory: Record<string, string> = FILES) {
  return (await runAudit({ root: '.', memory, config: defaultConfig(), rules })).report;
}

const THROWN: Array<[string, () => unknown]> = [
  ['an Error', () => new Error('boom')],
  ['a TypeError', () => new TypeError("Cannot read properties of undefined (reading 'x')")],
  ['undefined', () => undefined],
  ['null', () => null],
  ['a string', () => 'plain string'],
  ['a number', () => 42],
  ['a symbol', () => Symbol('s')],
  ['an object whose toString throws', () => ({ toString: () => { throw new Error('nope'); } })],
  ['an Error with a multi-line message', () => new Error('first line\nsecond line\nthird')],
  ['an Error quoting a credential', () => new Error(`Unexpected token in "token: ${['ghp_', 'R7kq2Lm9Xz4Tw8Vn3Bc6Yd1Pf5Hs0Jg2Ka7Q'].join('')}"`)],
];

describe('a rule that throws', () => {
  for (const [label, make] of THROWN) {
    for (const mode of ['sync', 'async'] as const) {
      it(`${label}, ${mode}: one internal error per file, the other rules still run`, async () => {
        const bad = rule('test/throws', mode === 'sync' ? () => { throw make(); } : async () => { await Promise.resolve(); throw make(); });
        const r = await audit([bad, pinBaseImage]);
        const internal = r.findings.filter((f) => f.ruleId === 'core/internal-error');
        expect(internal.map((f) => f.file).sort()).toEqual(['Dockerfile', 'svc/Dockerfile']);
        for (const f of internal) {
          expect(f.message).toMatch(/^rule test\/throws failed on this file: \S/);
          expect(f.message).not.toContain('\n');
          expect(f.message).not.toContain('R7kq2Lm9Xz4Tw8Vn3Bc6Yd1Pf5Hs0Jg2Ka7Q');
          expect(f.line).toBe(1);
        }
        expect(r.findings.filter((f) => f.ruleId === 'docker/pin-base-image')).toHaveLength(2);
        expect(r.summary.internalErrors).toBe(2);
        // An internal error is information, not a gate failure by itself.
        expect(internal[0].severity).toBe('info');
      });
    }
  }

  it('the stylish and markdown reports say so in their summary', async () => {
    const r = await audit([rule('test/throws', () => { throw new Error('x'); }), pinBaseImage]);
    const ctx = { color: false, rules: [pinBaseImage], evidence: [], quiet: false };
    expect(renderStylish(r, ctx)).toMatch(/warning: 2 rule failures \(see the core\/internal-error findings\); every other rule ran/);
    expect(renderMarkdown(r, ctx)).toMatch(/2 rule failures/);
  });

  it('repository scope: one internal error on "." and the audit goes on', async () => {
    const r = await audit([rule('test/repo-throws', () => { throw undefined; }, 'repository'), pinBaseImage]);
    expect(r.findings.filter((f) => f.ruleId === 'core/internal-error').map((f) => [f.file, f.message])).toEqual([['.', 'rule test/repo-throws failed: non-Error value thrown: undefined']]);
    expect(r.summary.internalErrors).toBe(1);
  });

  it('findings reported before the throw are kept', async () => {
    const r = await audit([rule('test/half', (ctx) => { ctx.report({ message: 'first', at: { line: 1 } }); throw new Error('then failed'); })]);
    expect(r.findings.filter((f) => f.ruleId === 'test/half')).toHaveLength(2);
    expect(r.summary.internalErrors).toBe(2);
  });

  it('a rule failing on every file of a large repository does not stop the audit', async () => {
    const memory = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`s${i}/Dockerfile`, 'FROM node\n']));
    const r = await audit([rule('test/throws', () => { throw new Error('x'); }), pinBaseImage], memory);
    expect(r.summary.internalErrors).toBe(500);
    expect(r.findings.filter((f) => f.ruleId === 'docker/pin-base-image')).toHaveLength(500);
  });
});

describe('a rule reporting an unusable location', () => {
  const AT: Array<[string, unknown]> = [
    ['NaN line', { line: Number.NaN }],
    ['negative offsets', { offset: -50, length: -3 }],
    ['offset past the end', { offset: 1e12, length: 5 }],
    ['Infinity', { line: Infinity, column: -Infinity }],
    ['fractional', { line: 1.5, column: 2.7 }],
    ['a range of NaN', { range: [Number.NaN, Number.NaN] }],
    ['an empty range', { range: [] }],
    ['getRange returning null', { getRange: () => null }],
    ['startPosition without numbers', { startPosition: {}, endPosition: {} }],
  ];
  for (const [label, at] of AT) {
    it(`${label}: a finding with whole positive positions`, async () => {
      const r = await audit([rule('test/odd-at', (ctx) => ctx.report({ message: 'odd', at: at as At }))]);
      const f = r.findings.find((x) => x.ruleId === 'test/odd-at')!;
      for (const v of [f.line, f.column, f.endLine, f.endColumn]) expect(Number.isInteger(v) && v >= 1, `${label}: ${JSON.stringify(f)}`).toBe(true);
      expect(f.endLine).toBeGreaterThanOrEqual(f.line);
    });
  }

  it('getRange that throws: an internal error for that rule, not a crash', async () => {
    const r = await audit([rule('test/throwing-at', (ctx) => ctx.report({ message: 'x', at: { getRange: () => { throw new Error('bad range'); } } })), pinBaseImage]);
    const internal = r.findings.filter((f) => f.ruleId === 'core/internal-error');
    expect(internal).toHaveLength(2);
    expect(internal[0].message).toContain('test/throwing-at');
    expect(r.summary.internalErrors).toBe(2);
  });

  it('property: any at-shape gives sane positions', () => {
    const lines = new LineIndex('a\nbb\r\nccc\n');
    const num = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(Number.NaN, Infinity, -Infinity, 0, -1));
    const atArb = fc.oneof(
      fc.record({ line: num, column: num, endLine: num, endColumn: num }, { requiredKeys: ['line'] }),
      fc.record({ offset: num, length: num }, { requiredKeys: ['offset'] }),
      fc.record({ range: fc.array(num, { maxLength: 3 }) }),
      fc.record({ startPosition: fc.record({ row: num, column: num }), endPosition: fc.record({ row: num, column: num }) }),
      fc.constant(undefined),
    );
    fc.assert(
      fc.property(atArb, (at) => {
        const l = toLocation(at as At, lines);
        return [l.line, l.column, l.endLine, l.endColumn].every((v) => Number.isInteger(v) && v >= 1) && l.endLine >= l.line;
      }),
      { numRuns: RUNS * 50 },
    );
  });
});

describe('redaction of engine-built messages', () => {
  it('masks credential-like words, keeps ordinary ones', () => {
    const secret = ['Qz8#', 'mL2v', 'Rt9w', 'Xk4p'].join('');
    expect(redactMessage(`unexpected "password = \\"${secret}\\""`)).not.toContain(secret);
    expect(redactMessage('Map keys must be unique at line 3')).toBe('Map keys must be unique at line 3');
    expect(redactMessage("Cannot read properties of undefined (reading 'image')")).toBe("Cannot read properties of undefined (reading 'image')");
    expect(describeThrown(new RangeError('Maximum call stack size exceeded'))).toBe('RangeError: Maximum call stack size exceeded');
  });
});
