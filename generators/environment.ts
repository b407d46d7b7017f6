// `add environment <name>`: a new stage in the promotion order, just before production.
// Re-plans the whole stack with it, so overlays, Terraform roots and workflows all learn it;
// files the user changed are conflicts as in any run (--merge keeps them).
import type { NodePlopAPI } from 'node-plop';
import { kebabArg } from '../src/generate/generator-kit.js';
import { GeneratorError, registerGenerator, type GeneratorSpec } from '../src/generate/generators.js';
import { prepareStack } from '../src/generate/stack.js';
import { checkAnswers } from '../src/generate/validate.js';

export const spec: GeneratorSpec = {
  name: 'environment',
  description: 'Add an environment to the promotion order, before production',
  usage: 'create-devops-stack add environment <name> [dir]',
  args: ['name'],
  async run({ answers, args }) {
    const env = kebabArg(args, 'environment name', this.usage, 20);
    if (answers.environments.includes(env)) throw new GeneratorError(`environment "${env}" already exists (${answers.environments.join(' → ')})`);
    const environments = [...answers.environments.slice(0, -1), env, answers.environments[answers.environments.length - 1]];
    const next = checkAnswers({ ...answers, environments });
    const stack = await prepareStack(next);
    return { answers: next, stack, summary: `environments: ${environments.join(' → ')}` };
  },
};

export default (plop: NodePlopAPI) => registerGenerator(plop, spec);
