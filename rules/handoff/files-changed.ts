import { defineRule } from '../../src/audit/load-rules.js';
import { schemaProblems } from '../../src/rules-kit/markdown.js';
import { seqItems, scalarString, getNode } from '../../src/rules-kit/prometheus.js';

const FC = (o: object) => JSON.stringify(o, null, 2) + '\n';
const PATH = '.agency/handoff/checkout/devops-automator/files-changed.json';

export default defineRule({
  meta: {
    id: 'handoff/files-changed',
    title: 'files-changed.json is valid and matches the repository',
    description:
      'files-changed.json is how the orchestrator and reviewers know what a handoff touched. It must follow its schema (created, modified, deleted: relative paths, each once), every file it lists as created or modified must exist, and every deleted one must be gone; otherwise the record is fiction.',
    remediation: 'Regenerate the list from git (`git diff --name-status <base>`), with paths relative to the repository root.',
    checklistItem: 'operations.handoff',
    severity: 'medium',
    artifacts: ['handoff'],
    examples: {
      fail: [
        { path: PATH, code: FC({ created: ['monitoring/prometheus/prometheus.yml'], modified: [], deleted: [] }), note: 'the listed file does not exist' },
        { path: PATH, code: FC({ created: ['/etc/passwd'], modified: [] }), note: 'schema: absolute path, no deleted list' },
        { path: PATH, code: FC({ created: [], modified: [], deleted: ['README.md'] }), files: { 'README.md': '# app\n' }, note: 'deleted file still present' },
      ],
      pass: [{ path: PATH, code: FC({ created: ['monitoring/prometheus/prometheus.yml'], modified: ['README.md'], deleted: ['old.txt'] }), files: { 'monitoring/prometheus/prometheus.yml': 'global: {}\n', 'README.md': '# app\n' } }],
    },
  },
  check(ctx) {
    const a = ctx.artifact;
    if (!a.is('json') || !/(^|\/)files-changed\.json$/.test(a.path)) return;
    const problems = schemaProblems(a, 'files-changed.schema.json');
    for (const p of problems) ctx.report({ message: `files-changed.json: ${p.message}`, at: (p.node ?? { line: 1 }) as never });
    const root = a.json.yaml.docs[0]?.contents;
    let bad = problems.length;
    for (const list of ['created', 'modified', 'deleted'] as const) {
      for (const item of seqItems(getNode(root, list))) {
        const path = scalarString(item);
        if (!path || path.startsWith('/') || path.includes('..')) continue; // a schema problem, reported above
        const exists = ctx.repo.exists(path);
        if (list !== 'deleted' && !exists) {
          bad++;
          ctx.report({ message: `${path} is listed as ${list} but does not exist`, at: item });
        } else if (list === 'deleted' && exists) {
          bad++;
          ctx.report({ message: `${path} is listed as deleted but is still in the repository`, at: item });
        }
      }
    }
    if (!bad) ctx.evidence('files-changed.json is valid and matches the repository', { at: { line: 1 } });
  },
});
