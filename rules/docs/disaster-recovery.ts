import { defineRule } from '../../src/audit/load-rules.js';
import { baseName, mentions, runbooks, sections } from '../../src/rules-kit/markdown.js';

const DR = (objectives: string) =>
  `# Disaster recovery\n\n## Purpose\n\nRestore service after data loss or a region outage.\n${objectives}\n## Steps\n\n### Restore the database\n\n\`\`\`sh\naws rds restore-db-instance-to-point-in-time --source-db-instance-identifier app --target-db-instance-identifier app-restored --use-latest-restorable-time\n\`\`\`\n`;

/** RPO / RTO with a duration: "RPO: 5 minutes", "| RTO | 1 hour |". */
const RPO = /\bRPO\b[^\n]{0,80}?\b\d+\s*(s|sec|seconds?|m|min|minutes?|h|hours?|d|days?)\b|recovery point objective[^\n]{0,80}?\d+/i;
const RTO = /\bRTO\b[^\n]{0,80}?\b\d+\s*(s|sec|seconds?|m|min|minutes?|h|hours?|d|days?)\b|recovery time objective[^\n]{0,80}?\d+/i;

export default defineRule({
  meta: {
    id: 'docs/disaster-recovery',
    title: 'The disaster recovery plan states RPO, RTO and restore steps',
    description:
      'Backups are only a plan when someone has written down how much data may be lost (RPO), how long restoring may take (RTO), and the steps that achieve both. Without numbers nobody knows whether the backup schedule is enough; without steps the restore is improvised.',
    remediation: 'Write docs/runbooks/disaster-recovery.md with "RPO: <duration>" and "RTO: <duration>" and a restore procedure with the commands (point-in-time restore, snapshot restore, rebuild from IaC).',
    checklistItem: 'infrastructure.disaster-recovery',
    severity: 'medium',
    artifacts: ['runbook'],
    scope: 'repository',
    examples: {
      fail: [
        { path: 'docs/runbooks/disaster-recovery.md', code: DR('\nWe take backups.\n'), note: 'no RPO/RTO' },
        { path: 'docs/runbooks/deployment.md', code: '# Deployment\n', note: 'no DR runbook' },
      ],
      pass: [{ path: 'docs/runbooks/disaster-recovery.md', code: DR('\n## Recovery objectives\n\n| Objective | Target |\n|---|---|\n| RPO | 5 minutes |\n| RTO | 1 hour |\n') }],
    },
  },
  check(ctx) {
    const dr = runbooks(ctx.repo).filter((a) => /disaster|recovery|(^|[-_])dr([-_.]|$)|restore/i.test(baseName(a.path)));
    if (!dr.length) {
      ctx.report({ message: 'no disaster recovery runbook (docs/runbooks/disaster-recovery.md)', file: runbooks(ctx.repo)[0]?.path ?? '.', at: { line: 1 } });
      return;
    }
    const a = dr[0];
    const missing: string[] = [];
    const rpo = mentions(a, RPO);
    const rto = mentions(a, RTO);
    if (!rpo) missing.push('RPO with a duration');
    if (!rto) missing.push('RTO with a duration');
    const restore = sections(a).find((s) => /restore|recover|steps|procedure|failover/i.test(s.heading) && s.level > 1 && (s.codeBlocks > 0 || s.listItems > 1));
    if (!restore) missing.push('restore steps (a section with commands or numbered steps)');
    if (rpo && rto) ctx.evidence('disaster recovery objectives (RPO, RTO) stated', { file: a.path, at: { line: rpo.line } });
    if (restore) ctx.evidence(`restore procedure: ${restore.heading}`, { file: a.path, at: { line: restore.line } });
    if (missing.length) ctx.report({ message: `disaster recovery runbook lacks ${missing.join(', ')}`, file: a.path, at: { line: 1 } });
  },
});
