// `add runbook <name>`: docs/runbooks/<name>.md with the sections every runbook here has.
import type { NodePlopAPI } from 'node-plop';
import { kebabArg } from '../src/generate/generator-kit.js';
import { registerGenerator, type GeneratorSpec } from '../src/generate/generators.js';
import { prepare } from '../src/generate/stack.js';
import { templateData } from '../src/generate/template-data.js';

export const spec: GeneratorSpec = {
  name: 'runbook',
  description: 'Add a runbook to docs/runbooks/',
  usage: 'create-devops-stack add runbook <name> [dir]',
  args: ['name'],
  async run({ answers, args }) {
    const name = kebabArg(args, 'runbook name', this.usage);
    const title = name.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ');
    const path = `docs/runbooks/${name}.md`;
    const stack = prepare(templateData(answers), [{ path, template: '_generators/runbook.md.hbs', data: { runbook: { name, title } } }]);
    return { answers, stack, summary: `runbook ${path}` };
  },
};

export default (plop: NodePlopAPI) => registerGenerator(plop, spec);
