// `add workflow <name>`: restore one of the stack's workflows (e.g. after deleting it), or add a
// new manually-triggered workflow with the house rules: pinned actions, least privilege, concurrency.
import type { NodePlopAPI } from 'node-plop';
import { kebabArg } from '../src/generate/generator-kit.js';
import { registerGenerator, type GeneratorSpec } from '../src/generate/generators.js';
import { prepare, prepareStack } from '../src/generate/stack.js';

export const spec: GeneratorSpec = {
  name: 'workflow',
  description: "Restore one of the stack's GitHub workflows, or add a new one with pinned actions and least privilege",
  usage: 'create-devops-stack add workflow <name> [dir]',
  args: ['name'],
  async run({ answers, args }) {
    const name = kebabArg(args, 'workflow name', this.usage);
    const path = `.github/workflows/${name}.yml`;
    const full = await prepareStack(answers);
    if (full.rendered.has(path)) return { answers, stack: full, only: (p) => p === path, summary: `workflow ${path} (from the stack)` };
    const title = name.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ');
    const stack = prepare(full.data, [{ path, template: '_generators/workflow.yml.hbs', data: { workflow: { name, title } } }]);
    return { answers, stack, summary: `workflow ${path} (new)` };
  },
};

export default (plop: NodePlopAPI) => registerGenerator(plop, spec);
