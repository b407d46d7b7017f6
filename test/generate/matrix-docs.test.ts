// docs/ for every pairwise answer case: every runbook and infrastructure document exists with the
// sections an on-call engineer needs, real commands for the chosen platform, no placeholders,
// and every relative link and anchor resolves.
import { existsSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';
import { alertCatalog } from '../../generators/parts/docs.js';
import { templateData } from '../../src/generate/template-data.js';
import { headingAnchors, observabilityCases, read } from './observability-cases.js';

const RUNBOOKS = ['deployment', 'incident-response', 'scaling', 'disaster-recovery'].map((n) => `docs/runbooks/${n}.md`);
const INFRA = ['architecture', 'networking', 'monitoring'].map((n) => `docs/infrastructure/${n}.md`);
const RUNBOOK_SECTIONS = ['purpose', 'prerequisites', 'steps', 'verification', 'rollback', 'escalation'];

describe.each(observabilityCases())('docs: $label', (c) => {
  const docs = [...RUNBOOKS, ...INFRA];

  it('writes the four runbooks and three infrastructure documents', () => {
    expect(c.files.filter((f) => f.startsWith('docs/'))).toEqual([...docs].sort());
  });

  it('runbooks have purpose, prerequisites, steps, verification, rollback and escalation', () => {
    for (const f of RUNBOOKS) {
      const anchors = headingAnchors(read(c, f));
      for (const s of RUNBOOK_SECTIONS) expect(anchors, `${f} #${s}`).toContain(s);
    }
  });

  it('has no placeholders, unrendered templates or empty sections', () => {
    for (const f of docs) {
      const text = read(c, f);
      expect(text, f).not.toMatch(/\bTODO\b|\bTBD\b|lorem ipsum|\[Your |\{\{|\$labels|undefined|\[object Object\]/i);
      // A heading directly followed by another heading (of the same or higher level) has no content.
      expect(text, f).not.toMatch(/^(#{1,6}) .*\n+\1 /m);
      expect(text.split('```').length % 2, `${f}: code fences are balanced`).toBe(1);
    }
  });

  it('every relative link and anchor resolves', () => {
    for (const f of docs) {
      for (const [, target] of read(c, f).matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^https?:/.test(target)) continue;
        const [path, anchor] = target.split('#');
        const file = path ? normalize(join(dirname(f), path)) : f;
        expect(existsSync(join(c.dir, file)), `${f} → ${target}`).toBe(true);
        if (anchor) expect(headingAnchors(read(c, file)), `${f} → ${target}`).toContain(anchor);
      }
    }
  });

  it('names the platform commands, scripts, environments and strategy of the stack', () => {
    const deployment = read(c, 'docs/runbooks/deployment.md');
    for (const env of c.answers.environments) expect(deployment).toContain(`| ${env} |`);
    expect(deployment).toContain(`## Strategy: ${c.answers.strategy}`);
    expect(deployment).toMatch(/scripts\/rollback\.sh/);
    expect(read(c, 'docs/runbooks/incident-response.md')).toMatch(/scripts\/health-check\.sh/);
    const cli = c.answers.orchestrator === 'ecs' ? 'aws ecs ' : 'kubectl ';
    for (const f of RUNBOOKS) expect(read(c, f), f).toContain(cli);
    const dr = read(c, 'docs/runbooks/disaster-recovery.md');
    expect(dr).toMatch(/RPO/);
    expect(dr).toMatch(/RTO/);
    expect(dr).toContain({ aws: 'aws rds ', gcp: 'gcloud sql ', azure: 'az postgres ' }[c.answers.cloud]);
    expect(read(c, 'docs/infrastructure/architecture.md')).toMatch(/```mermaid\nflowchart/);
  });

  it('documents every alert the stack has, each with its own runbook section', () => {
    const alerts = alertCatalog(templateData(c.answers));
    expect(alerts.length).toBeGreaterThan(5);
    const monitoringDoc = read(c, 'docs/infrastructure/monitoring.md');
    for (const a of alerts) {
      expect(monitoringDoc).toContain(`| \`${a.name}\` | ${a.priority} |`);
      const [file, anchor] = a.runbook.split('#');
      expect(headingAnchors(read(c, file)), `${a.name} in ${file}`).toContain(anchor);
    }
    for (const p of ['P1', 'P2', 'P3', 'P4']) expect(read(c, 'docs/runbooks/incident-response.md')).toMatch(new RegExp(`^\\| ${p} \\|`, 'm'));
  });
});
