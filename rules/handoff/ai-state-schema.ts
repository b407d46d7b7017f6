import { defineRule } from '../../src/audit/load-rules.js';
import { aiStateSchema, schemaProblems } from '../../src/rules-kit/markdown.js';

const TASK = { id: 'task-005-deployment', title: 'Canary rollout for checkout', status: 'in-progress', priority: 'P2', checklistItem: 'delivery.deployment-strategy', description: 'Roll out with analysis.', files: ['infrastructure/kubernetes/base/workload.yaml'] };

export default defineRule({
  meta: {
    id: 'handoff/ai-state-schema',
    title: 'ai-state context files follow their schemas',
    description:
      'The orchestrator keeps its context in ai-state/active/devops/ (pipelines.json, infrastructure.json, monitoring.json, tasks/). Other agents and tools read those files blindly: a missing field or a misspelt key breaks them silently. Each file must validate against its JSON Schema.',
    remediation: 'Fix the field the finding names (see schemas/ai-state-*.schema.json), or regenerate the file with create-devops-stack.',
    checklistItem: 'operations.handoff',
    severity: 'medium',
    artifacts: ['ai-state'],
    examples: {
      fail: [
        { path: 'ai-state/active/devops/tasks/task-005-deployment.json', code: JSON.stringify({ ...TASK, priority: 'urgent' }, null, 2) + '\n' },
        { path: 'ai-state/active/devops/tasks/task-005-deployment.json', code: JSON.stringify({ ...TASK, owner: 'me' }, null, 2) + '\n', note: 'unknown field' },
      ],
      pass: [{ path: 'ai-state/active/devops/tasks/task-005-deployment.json', code: JSON.stringify(TASK, null, 2) + '\n' }],
    },
  },
  check(ctx) {
    const a = ctx.artifact;
    const schema = aiStateSchema(a.path);
    if (!schema || !a.is('json')) return;
    const problems = schemaProblems(a, schema);
    for (const p of problems) ctx.report({ message: `${a.path.slice(a.path.lastIndexOf('/') + 1)}: ${p.message}`, at: (p.node ?? { line: 1 }) as never });
    if (!problems.length) ctx.evidence(`context file valid against ${schema}`, { at: { line: 1 } });
  },
});
