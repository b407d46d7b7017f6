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
    remediation: 'Regenerate the list from git (`git diff --name-status <base>`), with paths relative to the directory that holds `.agency/` (the repository root, or the service\'s directory in a monorepo).',
    checklistItem: 'operations.handoff',
    severity: 'medium',
    artifacts: ['handoff'],
    examples: {
      fail: [
        { path: PATH, code: FC({ created: ['monitoring/prometheus/prometheus.yml'], modified: [], deleted: [] }), note: 'the listed file does not exist' },
        { path: PATH, code: FC({ created: ['/etc/passwd'], modified: [] }), note: 'schema: absolute path, no deleted list' },
        { path: PATH, code: FC({ created: [], modified: [], deleted: ['README.md'] }), files: { 'README.md': '# app\n' }, note: 'deleted file still present' },
      ],
      pass: [
        {
          path: `services/api/${PATH}`,
          code: FC({ created: ['monitoring/prometheus/prometheus.yml'], modified: [], deleted: [] }),
          files: { 'services/api/monitoring/prometheus/prometheus.yml': 'global: {}\n' },
          note: 'in a monorepo, paths are relative to the service directory that holds .agency/',
        },
        { path: PATH, code: FC({ created: ['monitoring/prometheus/prometheus.yml'], modified: ['README.md'], deleted: ['old.txt'] }), files: { 'monitoring/prometheus/prometheus.yml': 'global: {}\n', 'README.md': '# app\n' } }],
    },
  },
  check(ctx) {
    const a = ctx.artifact;
    if (!a.is('json') || !/(^|\/)files-changed\.json$/.test(a.path)) return;
    const problems = schemaProblems(a, 'files-changed.schema.json');
    for (const p of problems) ctx.report({ message: `files-changed.json: ${p.message}`, at: (p.node ?? { line: 1 }) as never });
    const root = a.json.yaml.docs[0]?.contents;
    // Paths are relative to the directory holding `.agency/`: a stack generated in services/api/
    // of a monorepo lists `infrastructure/…`, meaning services/api/infrastructure/…
    const at = a.path.lastIndexOf('.agency/');
    const base = at > 0 ? a.path.slice(0, at) : '';
    let bad = problems.length;
    for (const list of ['created', 'modified', 'deleted'] as const) {
      for (const item of seqItems(getNode(root, list))) {
        const path = scalarString(item);
        if (!path || path.startsWith('/') || path.includes('..')) continue; // a schema problem, reported above
        const exists = ctx.repo.exists(base + path);
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
