// `devops-audit .` on this repository, with its own .devops-audit.yaml: an honest result. Test
// fixtures, templates and rule examples are ignored (their findings are on purpose), items that
// cannot apply to an npm package are waived with reasons, and what is left are the repository's
// real gaps, all repository-level (no CI workflow, no SECURITY.md …), never a finding in a file:
// a secret-looking string, a misread file or a stray suppression here is a regression.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = resolve('dist/bin/devops-audit.js');

interface Report {
  findings: Array<{ ruleId: string; file: string; line: number; message: string; suppressed: boolean }>;
  checklists: Array<{ id: string; items: Array<{ id: string; status: string; waived?: string }> }>;
  summary: { warnings?: string[]; internalErrors?: number };
}

describe('devops-audit on this repository', () => {
  const r = spawnSync(process.execPath, [BIN, '.', '-f', 'json'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 * 1024 * 1024 });
  const report = JSON.parse(r.stdout) as Report;

  it('finds nothing in its files: only repository-level gaps remain', () => {
    expect(r.status === 0 || r.status === 1, r.stderr).toBe(true);
    const inFiles = report.findings.filter((f) => !f.suppressed && f.file !== '.');
    expect(inFiles.map((f) => `${f.file}:${f.line} ${f.ruleId} ${f.message}`)).toEqual([]);
    expect(report.findings.filter((f) => f.ruleId.startsWith('secrets/') && f.file !== '.')).toEqual([]);
    expect(report.summary.internalErrors ?? 0).toBe(0);
    expect(report.summary.warnings ?? []).toEqual([]);
  });

  it('waives infrastructure and monitoring with reasons; containers and deployments are n/a on their own', () => {
    const items = new Map(report.checklists.flatMap((c) => c.items.map((i) => [i.id, i])));
    for (const c of ['infrastructure', 'monitoring']) {
      for (const i of report.checklists.find((x) => x.id === c)!.items) {
        expect(i.status, i.id).toBe('n/a');
        expect(i.waived, i.id).toMatch(/\w{3,}/);
      }
    }
    for (const c of report.checklists.find((x) => x.id === 'containers')!.items) expect(c.status, c.id).toBe('n/a');
    for (const id of ['delivery.deployment-strategy', 'delivery.health-checks', 'delivery.automated-rollback', 'delivery.production-approval', 'delivery.environment-promotion']) {
      expect(items.get(id)?.status, id).toBe('n/a');
      expect(items.get(id)?.waived, id).toBeUndefined();
    }
    // Nothing else is waived: what applies is judged.
    expect([...items.values()].filter((i) => i.waived && !/^(infrastructure|monitoring)\./.test(i.id))).toEqual([]);
  });
});
