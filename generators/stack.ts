// `create-devops-stack [dir]`: the whole layout for the answers.
import type { NodePlopAPI } from 'node-plop';
import { registerGenerator, type GeneratorSpec } from '../src/generate/generators.js';
import { prepareStack } from '../src/generate/stack.js';

export const spec: GeneratorSpec = {
  name: 'stack',
  description: 'The complete DevOps layout: workflows, Terraform, Kubernetes, Docker, monitoring, scripts, docs, handoff',
  usage: 'create-devops-stack [dir]',
  args: [],
  async run({ answers }) {
    const stack = await prepareStack(answers);
    return { answers, stack, summary: `planned the ${answers.name} stack` };
  },
};

export default (plop: NodePlopAPI) => registerGenerator(plop, spec);
