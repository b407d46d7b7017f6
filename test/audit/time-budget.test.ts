// The per-rule time budget (src/audit/time-budget.ts): a slow rule is reported and skipped; a
// promise that never settles is abandoned and the audit finishes without the rule; a rule that
// blocks the thread (an endless loop, a catastrophic regular expression) stops the process with
// one line naming it, instead of hanging a hook forever.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/audit/config.js';
import { runAudit } from '../../src/audit/engine.js';
import { RuleHangError, RuleTimeBudget } from '../../src/audit/time-budget.js';
import type { Rule, RuleContext } from '../../src/audit/types.js';
import pinBaseImage from '../../rules/docker/pin-base-image.js';

/** A Dockerfile rule that reports every file it finishes, after `act` ran on the file's text. */
function rule(id: string, act: (text: string) => void | Promise<void>): Rule {
  return {
    meta: { ...pinBaseImage.meta, id, examples: { fail: [], pass: [] } },
    async check(ctx: RuleContext) {
      const r = act(ctx.artifact.text);
      if (r) await r;
      ctx.report({ message: `${id} checked this file`, at: { line: 1 } });
    },
  };
}
const syncRule = (id: string, act: (text: string) => void): Rule => ({
  meta: { ...pinBaseImage.meta, id, examples: { fail: [], pass: [] } },
  check(ctx) {
    act(ctx.artifact.text);
    ctx.report({ message: `${id} checked this file`, at: { line: 1 } });
  },
});

const busy = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end);
};

// Files are audited in this order; the crafted one is second.
const FILES = { 'a/Dockerfile': 'FROM node:20.1.0\n', 'b/Dockerfile': 'FROM node:20.1.0\n# CRAFTED\n', 'c/Dockerfile': 'FROM node:20.1.0\n' };

async function audit(rules: Rule[], budgetMs: number, watchdog: 'thread' | 'process' = 'thread') {
  const budget = new RuleTimeBudget(budgetMs, { stopMs: budgetMs * 3, watchdog });
  const wrapped = budget.wrap(rules);
  const started = performance.now();
  const { report } = await budget.run(() => runAudit({ root: '.', memory: FILES, rules: wrapped, config: defaultConfig() }));
  const where = (id: string) => report.findings.filter((f) => f.ruleId === id).map((f) => f.file);
  const errors = report.findings.filter((f) => f.ruleId === 'core/internal-error');
  return { report, where, errors, ms: performance.now() - started };
}

describe('rule time budget', () => {
  it('the default budget grows with the repository (perFileMs): a call as slow as the repository is large is not cut', async () => {
    const slow = syncRule('test/slow', (t) => t.includes('CRAFTED') && busy(150));
    const run = async (perFileMs: number) => {
      const budget = new RuleTimeBudget(50, { perFileMs, watchdog: false });
      const { report } = await budget.run(() => runAudit({ root: '.', memory: FILES, rules: budget.wrap([slow]), config: defaultConfig() }));
      return report.findings.filter((f) => f.ruleId === 'core/internal-error').length;
    };
    expect(await run(1)).toBe(1); // 3 files x 1 ms: the 50 ms floor holds, 150 ms is over
    expect(await run(200)).toBe(0); // 3 files x 200 ms = 600 ms
  });

  it('a rule over the budget on a file is reported there (core/internal-error) and skipped for the files left', async () => {
    const slow = syncRule('test/slow', (t) => t.includes('CRAFTED') && busy(300));
    const other = syncRule('test/other', () => {});
    const { report, where, errors } = await audit([slow, other], 200);
    expect(where('test/slow')).toEqual(['a/Dockerfile', 'b/Dockerfile']); // it finished on b: its findings stay
    expect(where('test/other')).toEqual(['a/Dockerfile', 'b/Dockerfile', 'c/Dockerfile']);
    expect(errors).toHaveLength(1);
    expect(errors[0].file).toBe('b/Dockerfile');
    expect(errors[0].message).toMatch(/^rule test\/slow failed on this file: took 3\d\d ms, over the 200 ms budget \(ruleTimeoutMs\); skipped for the remaining files$/);
    expect(report.summary.internalErrors).toBe(1);
  });

  /** Run an audit of FILES with `rule` (source of a check function) in a child process (built dist/). */
  function auditInChild(check: string, budgetMs: number, watchdog: 'thread' | 'process' = 'thread') {
    const url = (p: string) => JSON.stringify(pathToFileURL(resolve(p)).href);
    const script = `
      import { runAudit } from ${url('dist/src/audit/engine.js')};
      import { defaultConfig } from ${url('dist/src/audit/config.js')};
      import { RuleTimeBudget } from ${url('dist/src/audit/time-budget.js')};
      const stuck = { meta: { id: 'test/stuck', title: 't', description: 'd', remediation: 'r', checklistItem: 'containers.pinned-base-images', severity: 'high', artifacts: ['dockerfile'], examples: { fail: [], pass: [] } },
        check: ${check} };
      const budget = new RuleTimeBudget(${budgetMs}, { stopMs: ${budgetMs * 3}, watchdog: '${watchdog}' });
      const rules = budget.wrap([stuck]);
      await budget.run(() => runAudit({ root: '.', memory: ${JSON.stringify(FILES)}, rules, config: defaultConfig() }));
      console.log('finished');
    `;
    const started = performance.now();
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 50_000 });
    return { ...r, ms: performance.now() - started };
  }

  for (const watchdog of ['thread', 'process'] as const) {
    for (const [what, check] of [
      ['an endless loop', `(ctx) => { while (ctx.artifact.text.includes('CRAFTED')) {} }`],
      ['a catastrophic regular expression', `(ctx) => { if (ctx.artifact.text.includes('CRAFTED')) /^(a+)+$/.test('a'.repeat(64) + '!'); }`],
    ]) {
      it(`${what} blocking the thread ends the process at stopMs, with one line naming the rule and the file (${watchdog} watchdog)`, () => {
        const r = auditInChild(check, 300, watchdog);
        expect(r.signal, r.stderr).toBe('SIGKILL');
        expect(r.ms).toBeLessThan(20_000);
        expect(r.stdout).not.toContain('finished');
        expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^devops-audit: internal error: rule test\/stuck ran for \d+ s on "b\/Dockerfile" without finishing; process stopped \(ignore the file or turn the rule off, and report it; ruleTimeoutMs in docs\/cli.md\)$/)]);
      });
    }

    it(`a rule that finishes in time leaves the process alone (the ${watchdog} watchdog does not keep it alive, nor leave anything behind)`, () => {
      const r = auditInChild(`(ctx) => {}`, 300, watchdog);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toContain('finished');
      expect(r.ms).toBeLessThan(10_000);
      // The state file is named after the watched process (other tests' runs may have theirs now).
      expect(readdirSync(tmpdir()).filter((f) => f.startsWith(`devops-audit-watchdog-${r.pid}-`))).toEqual([]);
    });
  }

  it('a promise that never settles is abandoned (process watchdog)', async () => {
    const hang = rule('test/hang', (t) => (t.includes('CRAFTED') ? new Promise<void>(() => {}) : undefined));
    const { where, errors } = await audit([hang, rule('test/other', () => {})], 100, 'process');
    expect(where('test/other')).toEqual(['a/Dockerfile', 'b/Dockerfile', 'c/Dockerfile']);
    expect(errors.map((e) => e.file)).toEqual(['b/Dockerfile']);
  });

  it('a promise that never settles is abandoned', async () => {
    const hang = rule('test/hang', (t) => (t.includes('CRAFTED') ? new Promise<void>(() => {}) : undefined));
    const other = rule('test/other', () => {});
    const { where, errors } = await audit([hang, other], 100);
    expect(where('test/other')).toEqual(['a/Dockerfile', 'b/Dockerfile', 'c/Dockerfile']);
    expect(errors.map((e) => e.file)).toEqual(['b/Dockerfile']);
    expect(errors[0].message).toMatch(/^rule test\/hang failed on this file: abandoned after 300 ms without finishing \(budget 100 ms, ruleTimeoutMs\); skipped for the remaining files$/);
  });

  it('gives up with an internal error after several stuck rules', async () => {
    const hangs = [1, 2, 3, 4, 5].map((n) => rule(`test/hang-${n}`, (t) => (t.includes('CRAFTED') ? new Promise<void>(() => {}) : undefined)));
    await expect(audit(hangs, 50)).rejects.toThrow(RuleHangError);
  });

  it('stops at three times the budget, 30 s at least', () => {
    expect(new RuleTimeBudget(10_000).stopMs).toBe(30_000);
    expect(new RuleTimeBudget(1).stopMs).toBe(30_000);
    expect(new RuleTimeBudget(60_000).stopMs).toBe(180_000);
  });

  it('budget 0 disables it; a fast rule is never touched', async () => {
    const slow = syncRule('test/slow', (t) => t.includes('CRAFTED') && busy(150));
    expect((await audit([slow], 0)).errors).toEqual([]);
    expect((await audit([slow], 1000)).where('test/slow')).toHaveLength(3);
  });
});
