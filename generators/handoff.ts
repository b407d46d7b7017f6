// `add handoff <feature>`: handoff files for another feature, describing the current stack.
// The recorded answers keep their own feature.
import type { NodePlopAPI } from 'node-plop';
import { handoffDir } from './parts/handoff.js';
import { kebabArg } from '../src/generate/generator-kit.js';
import { registerGenerator, type GeneratorSpec } from '../src/generate/generators.js';
import { prepareStack } from '../src/generate/stack.js';

export const spec: GeneratorSpec = {
  name: 'handoff',
  description: 'Write .agency/handoff/<feature>/devops-automator/ (plan, summary, files-changed) for the current stack',
  usage: 'create-devops-stack add handoff <feature> [dir]',
  args: ['feature'],
  async run({ answers, args }) {
    const feature = kebabArg(args, 'feature', this.usage, 60);
    const stack = await prepareStack({ ...answers, feature });
    const dir = `${handoffDir(feature)}/`;
    return { answers, stack, only: (p) => p.startsWith(dir), summary: `handoff for ${feature} in ${dir}` };
  },
};

export default (plop: NodePlopAPI) => registerGenerator(plop, spec);
